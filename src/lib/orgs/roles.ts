/**
 * The one permission matrix. Every write in src/lib asks `assertCan(actor, permission)`; pages only
 * hide what this module would refuse anyway. Roles are ordered: each has its own rights and those
 * of the roles below it.
 */
import { ROLES } from "@/db/schema";
import { AppError } from "@/lib/errors";

export { ROLES };
export type Role = (typeof ROLES)[number];

/** The lowest role that may do each thing. */
export const PERMISSIONS = {
  "usage:read": "viewer",
  "usage:export": "viewer",
  "reconciliation:read": "viewer",
  "budgets:read": "viewer",
  "keys:read": "viewer",
  "members:read": "viewer",
  "keys:write": "admin",
  "ingest:write": "admin",
  "budgets:write": "admin",
  "prices:write": "admin",
  "tokens:write": "admin",
  "invitations:write": "admin",
  "audit:read": "admin",
  "members:write": "owner",
  "accounts:delete": "owner",
  "org:write": "owner",
  "org:delete": "owner",
} as const satisfies Record<string, Role>;

export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { viewer: 0, admin: 1, owner: 2 };

export const roleAtLeast = (role: Role, needed: Role) => RANK[role] >= RANK[needed];

export function can(role: Role, permission: Permission): boolean {
  return roleAtLeast(role, PERMISSIONS[permission]);
}

export function requiredRole(permission: Permission): Role {
  return PERMISSIONS[permission];
}

const article = (role: Role) => (role === "viewer" ? "a viewer" : role === "admin" ? "an admin" : "an owner");

/** FORBIDDEN (403) naming the role needed, e.g. "This needs the admin role; you are a viewer." */
export function assertCan(actor: { role: Role }, permission: Permission): void {
  if (can(actor.role, permission)) return;
  throw new AppError("FORBIDDEN", `This needs the ${requiredRole(permission)} role; you are ${article(actor.role)}.`, {
    details: { permission, role: actor.role },
  });
}

/** Every permission a role holds, for the UI (which controls to show). */
export function permissionsOf(role: Role): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can(role, p));
}
