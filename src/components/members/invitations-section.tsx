"use client";

import { useState } from "react";
import type { CreatedInvitation } from "@/lib/orgs/invitations/create";
import type { InvitationView } from "@/lib/orgs/invitations/view";
import { apiErrorMessage } from "../api-error";
import { formatDateTimeUtc } from "../format";
import { SecretOnce } from "../secret-once";
import { InviteForm } from "./invite-form";
import { StatusNotice, type Notice } from "@/components/status-notice";

/** Admins and owners: invite by email with a role, see the link once, revoke pending invitations. */
export function InvitationsSection({
  initialInvitations,
  canInviteOwner,
}: {
  initialInvitations: InvitationView[];
  canInviteOwner: boolean;
}) {
  const [pending, setPending] = useState(initialInvitations);
  const [created, setCreated] = useState<CreatedInvitation | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [notice, setNotice] = useState<Notice>(null);

  function invited(invitation: CreatedInvitation) {
    setCreated(invitation);
    setNotice(null);
    setPending((list) => [
      ...list,
      {
        id: invitation.id,
        email: invitation.email,
        role: invitation.role,
        expiresAt: invitation.expiresAt,
        createdAt: new Date().toISOString(),
        invitedBy: null,
      },
    ]);
  }

  async function revoke(invitation: InvitationView) {
    const res = await fetch(`/api/invitations/${invitation.id}`, { method: "DELETE" });
    setConfirming(null);
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    setPending((list) => list.filter((i) => i.id !== invitation.id));
    if (created?.id === invitation.id) setCreated(null);
    setNotice({ kind: "ok", text: `Revoked the invitation for ${invitation.email}: its link no longer works.` });
  }

  return (
    <section className="card stack" aria-labelledby="invitations-heading">
      <div>
        <h2 id="invitations-heading" style={{ marginBottom: "0.25rem" }}>
          Invitations
        </h2>
        <p className="muted small" style={{ margin: 0 }}>
          An invitation is a link that works once, for 7 days, for the invited email address only.
        </p>
      </div>
      <InviteForm canInviteOwner={canInviteOwner} onInvited={invited} />
      {created && (
        <SecretOnce
          id="invitation-link"
          label={`Invitation link for ${created.email}`}
          value={created.url}
          warning={
            created.emailSent
              ? "We also emailed this link. It is shown only now: copy it if you want to send it yourself."
              : "Send this link to them yourself: it is shown only now and cannot be shown again. If it gets lost, revoke the invitation and invite them again."
          }
          onDone={() => setCreated(null)}
        />
      )}
      <StatusNotice notice={notice} />
      <div>
        <h3 style={{ fontSize: "1rem", margin: "0 0 0.5rem" }}>
          Pending <span className="muted">({pending.length})</span>
        </h3>
        {pending.length === 0 ? (
          <p className="muted small" style={{ margin: 0 }}>
            No pending invitations.
          </p>
        ) : (
          <div className="table-wrap">
            <table aria-label="Pending invitations">
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Role</th>
                  <th scope="col">Expires</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {pending.map((invitation) => (
                  <tr key={invitation.id}>
                    <td style={{ overflowWrap: "anywhere" }}>{invitation.email}</td>
                    <td>{invitation.role}</td>
                    <td className="nowrap">{formatDateTimeUtc(invitation.expiresAt)}</td>
                    <td className="nowrap" style={{ textAlign: "right" }}>
                      {confirming === invitation.id ? (
                        <span className="row" style={{ gap: "0.4rem", justifyContent: "flex-end" }}>
                          <span className="small">Revoke this invitation?</span>
                          <button className="btn btn-sm btn-danger" type="button" onClick={() => revoke(invitation)}>
                            Yes, revoke
                          </button>
                          <button className="btn btn-sm" type="button" onClick={() => setConfirming(null)}>
                            Cancel
                          </button>
                        </span>
                      ) : (
                        <button className="btn btn-sm" type="button" onClick={() => setConfirming(invitation.id)}>
                          Revoke<span className="sr-only"> the invitation for {invitation.email}</span>
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
    </section>
  );
}
