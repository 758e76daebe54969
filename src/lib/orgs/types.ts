import type { SessionUser } from "@/lib/auth/accounts";
import type { Role } from "./roles";

export interface OrgSummary {
  id: string;
  name: string;
  personal: boolean;
}

/** How the caller proved who they are. "system" = a CLI or job acting for an organization. */
export type ActorVia = "session" | "clerk" | "token" | "system";

/**
 * What every src/lib operation needs to know about its caller: in which organization it acts and
 * with which role. `userId` is null only for machine callers without a user.
 */
export interface ActingAs {
  userId: string | null;
  orgId: string;
  role: Role;
  tokenId?: string | null;
}

/** The resolved caller of a request: the user, the current organization and their role there. */
export interface Actor extends ActingAs {
  user: SessionUser;
  userId: string;
  org: OrgSummary;
  via: ActorVia;
  tokenId?: string;
  /** API token scopes; absent for browser sessions. */
  scopes?: string[];
}

/**
 * A machine calling with `Authorization: Bearer ct_...`: it acts for the token's organization, with
 * no user, and with the role its scopes amount to (src/lib/orgs/tokens/resolve.ts). Only the routes
 * that declare a token scope ever see one.
 */
export interface TokenActor extends ActingAs {
  user: null;
  userId: null;
  org: OrgSummary;
  via: "token";
  tokenId: string;
  scopes: string[];
}

/** The caller of a route that accepts API tokens. */
export type RequestActor = Actor | TokenActor;
