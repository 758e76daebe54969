import { AppShell } from "@/components/app-shell";
import { formatDateTimeUtc } from "@/components/format";
import { InvitationsSection } from "@/components/members/invitations-section";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { listPendingInvitations } from "@/lib/orgs/invitations/list";
import { listMembers } from "@/lib/orgs/members";
import { can } from "@/lib/orgs/roles";

export const metadata = { title: "Members" };
export const dynamic = "force-dynamic";

export default async function MembersPage() {
  const actor = await requireActorOrRedirect("/settings/members");
  const db = await getDb();
  const members = await listMembers(db, actor);
  const invitations = can(actor.role, "invitations:write") ? await listPendingInvitations(db, actor) : null;
  return (
    <AppShell current="members" email={actor.user.email}>
      <div className="page-header">
        <div>
          <h1>Members</h1>
          <p className="muted" style={{ margin: 0 }}>
            Who can see {actor.org.name}&apos;s spend, and what each person may change. You are{" "}
            {actor.role === "admin" ? "an" : "a"} {actor.role}.
          </p>
        </div>
      </div>
      <div className="stack">
        <section className="card" aria-labelledby="members-heading">
          <h2 id="members-heading">
            People <span className="muted">({members.length})</span>
          </h2>
          <div className="table-wrap">
            <table aria-label="Members">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Member since</th>
                </tr>
              </thead>
              <tbody>
                {members.map((m) => (
                  <tr key={m.userId}>
                    <td style={{ overflowWrap: "anywhere" }}>{m.email}</td>
                    <td>{m.role}</td>
                    <td className="nowrap">{formatDateTimeUtc(m.joinedAt)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
        {invitations ? (
          <InvitationsSection initialInvitations={invitations} canInviteOwner={actor.role === "owner"} />
        ) : (
          <p className="muted small">Admins and owners can invite people to this organization.</p>
        )}
      </div>
    </AppShell>
  );
}
