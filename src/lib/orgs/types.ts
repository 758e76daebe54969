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
  /** API token scopes (9a); absent for browser sessions. */
  scopes?: string[];
}
