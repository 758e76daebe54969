"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current-actor";
import { switchCurrentOrganization } from "@/lib/auth/switch-org";
import { isAppError, type ErrorCode } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createOrganization } from "@/lib/orgs/create";
import { createOrgSchema, switchOrgSchema } from "@/lib/orgs/schemas";
import { formatZodError } from "@/lib/validation";

/** `code` is the AppError code, the same one the API answers with (e.g. FORBIDDEN = 403). */
export type OrgActionState = { error: string | null; code?: ErrorCode };

function failed(e: unknown, what: string): OrgActionState {
  if (isAppError(e)) return { error: e.message, code: e.code };
  logger.error(`${what} failed`, { error: e });
  return { error: "Something went wrong on our side. Please try again in a minute.", code: "INTERNAL" };
}

/** A call that did not come from the form (a script, a fuzzer) may pass anything at all. */
const field = (form: unknown, name: string) => (form instanceof FormData ? form.get(name) : undefined);
const invalid = (message: string): OrgActionState => ({ error: message, code: "VALIDATION_FAILED" });

/** The header's organization switcher (a plain form: it works before the page's scripts load). */
export async function switchOrganizationAction(_prev: OrgActionState, form: FormData): Promise<OrgActionState> {
  const parsed = switchOrgSchema.safeParse({ orgId: field(form, "orgId") });
  if (!parsed.success) return invalid(formatZodError(parsed.error));
  try {
    await requireActor();
    await switchCurrentOrganization(parsed.data.orgId);
  } catch (e) {
    return failed(e, "switching organization");
  }
  revalidatePath("/", "layout");
  return { error: null };
}

/** "New organization": creates it (the creator owns it), switches to it, and opens its Keys page. */
export async function createOrganizationAction(_prev: OrgActionState, form: FormData): Promise<OrgActionState> {
  const parsed = createOrgSchema.safeParse({ name: field(form, "name") ?? "" });
  if (!parsed.success) return invalid(formatZodError(parsed.error));
  try {
    const actor = await requireActor();
    const org = await createOrganization(await getDb(), actor, parsed.data);
    await switchCurrentOrganization(org.id);
  } catch (e) {
    return failed(e, "creating organization");
  }
  revalidatePath("/", "layout");
  redirect("/keys?created=1");
}
