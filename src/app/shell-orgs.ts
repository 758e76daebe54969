import type { ShellOrgs } from "@/components/app-shell";
import { getDb } from "@/db/client";
import { getConfig } from "@/lib/env";
import { listMyOrganizations } from "@/lib/orgs/list";
import type { Actor } from "@/lib/orgs/types";

/** What the header's organization switcher shows for this actor. */
export async function shellOrgs(actor: Actor): Promise<ShellOrgs> {
  const orgs = await listMyOrganizations(await getDb(), actor);
  return {
    orgs: orgs.map(({ id, name, personal, role }) => ({ id, name, personal, role })),
    currentId: actor.orgId,
    // With Clerk, organizations are created (and switched) with Clerk's own components.
    canCreate: getConfig().auth.mode === "local",
  };
}
