/**
 * The product's role matrix as issue 9 states it, written down here on its own: the route matrix
 * takes its expectations from this, not from src/lib/orgs/roles.ts, so a change to who may do
 * what fails the matrix until this file is changed too, on purpose.
 *   viewer: analytics, CSV export, reconciliation and budgets read-only (and seeing keys, members);
 *   admin: + provider keys, Refresh/ingest, budgets, price overrides, tokens, invitations, audit log;
 *   owner: + members and roles, provider account deletion, organization settings, deletion.
 */
import type { Permission, Role } from "@/lib/orgs/roles";

export const LOWEST_ROLE: Record<Permission, Role> = {
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
};

export const ROLE_ORDER: Role[] = ["viewer", "admin", "owner"];

/** Roles that must be refused a permission, and the lowest that must be allowed. */
export function expectedRoles(permission: Permission): { denied: Role[]; lowest: Role } {
  const lowest = LOWEST_ROLE[permission];
  return { denied: ROLE_ORDER.slice(0, ROLE_ORDER.indexOf(lowest)), lowest };
}
