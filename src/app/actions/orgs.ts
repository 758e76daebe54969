"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current-actor";
import { switchCurrentOrganization } from "@/lib/auth/switch-org";
import { isAppError } from "@/lib/errors";
import { logger } from "@/lib/logger";
import { createOrganization } from "@/lib/orgs/create";
import { createOrgSchema, switchOrgSchema } from "@/lib/orgs/schemas";
import { formatZodError } from "@/lib/validation";

export type OrgActionState = { error: string | null };

function failed(e: unknown, what: string): OrgActionState {
  if (isAppError(e)) return { error: e.message };
  logger.error(`${what} failed`, { error: e });
  return { error: "Something went wrong on our side. Please try again in a minute." };
}

/** The header's organization switcher (a plain form: it works before the page's scripts load). */
export async function switchOrganizationAction(_prev: OrgActionState, form: FormData): Promise<OrgActionState> {
  const parsed = switchOrgSchema.safeParse({ orgId: form.get("orgId") });
  if (!parsed.success) return { error: formatZodError(parsed.error) };
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
  const parsed = createOrgSchema.safeParse({ name: form.get("name") ?? "" });
  if (!parsed.success) return { error: formatZodError(parsed.error) };
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
