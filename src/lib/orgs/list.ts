import type { Db } from "@/db/types";
import { membershipsOf } from "./actor";
import type { Role } from "./roles";
import type { ActingAs } from "./types";

export interface MyOrganization {
  id: string;
  name: string;
  personal: boolean;
  /** Mirrored from Clerk Organizations (switch there, members are managed there). */
  managedByClerk: boolean;
  role: Role;
  /** The organization this request acts in. */
  current: boolean;
}

/** GET /api/orgs: every organization the caller belongs to, with their role in each. */
export async function listMyOrganizations(db: Db, actor: ActingAs & { userId: string }): Promise<MyOrganization[]> {
  return (await membershipsOf(db, actor.userId)).map(({ org, role }) => ({
    id: org.id,
    name: org.name,
    personal: org.personal,
    managedByClerk: org.clerkOrgId !== null,
    role,
    current: org.id === actor.orgId,
  }));
}
