import { AppShell } from "@/components/app-shell";
import { InvitationsSection } from "@/components/members/invitations-section";
import { MembersManager } from "@/components/members/members-manager";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { listPendingInvitations } from "@/lib/orgs/invitations/list";
import { listMembers } from "@/lib/orgs/members";
import { can } from "@/lib/orgs/roles";
import { shellOrgs } from "../../shell-orgs";

export const metadata = { title: "Members" };
export const dynamic = "force-dynamic";

export default async function MembersPage() {
  const actor = await requireActorOrRedirect("/settings/members");
  const db = await getDb();
  const [members, orgs] = await Promise.all([listMembers(db, actor), shellOrgs(actor)]);
  const invitations = can(actor.role, "invitations:write") ? await listPendingInvitations(db, actor) : null;
  const current = orgs.orgs.find((o) => o.id === actor.orgId);
  return (
    <AppShell current="members" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted" style={{ margin: 0 }}>
            Who can see and manage {actor.org.name}. You are {actor.role === "admin" ? "an" : "a"} {actor.role}
            {current?.personal ? " of your personal organization" : ""}.
          </p>
        </div>
      </div>
      <MembersManager members={members} you={actor.userId} canManage={can(actor.role, "members:write")} />
      <div style={{ marginTop: "1rem" }}>
        {invitations ? (
          <InvitationsSection initialInvitations={invitations} canInviteOwner={actor.role === "owner"} />
        ) : (
          <p className="muted small">Admins and owners can invite people to this organization.</p>
        )}
      </div>
      <section className="card" aria-labelledby="roles-heading" style={{ marginTop: "1rem" }}>
        <h2 id="roles-heading">What each role can do</h2>
        <ul className="small" style={{ margin: 0 }}>
          <li>
            <strong>Viewer</strong>: analytics, CSV export, read-only budgets and reconciliation.
          </li>
          <li>
            <strong>Admin</strong>: also adds, edits, tests and deletes provider keys, runs Refresh, manages budgets,
            API tokens and invitations, and reads the audit log.
          </li>
          <li>
            <strong>Owner</strong>: also manages members and roles, the organization&apos;s settings, and deletes
            provider accounts (with their history) or the organization.
          </li>
        </ul>
      </section>
    </AppShell>
  );
}
