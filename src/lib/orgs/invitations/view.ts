import type { Role } from "../roles";

/** A pending invitation as admins see it. The link is not here: it is shown once, at creation. */
export interface InvitationView {
  id: string;
  email: string;
  role: Role;
  expiresAt: string;
  createdAt: string;
  invitedBy: string | null;
}
