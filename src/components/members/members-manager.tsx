"use client";

import { useRouter } from "next/navigation";
import { useState } from "react";
import type { MemberView } from "@/lib/orgs/members";
import type { Role } from "@/lib/orgs/roles";
import { apiErrorMessage } from "../api-error";
import { StatusNotice, type Notice } from "@/components/status-notice";

const ROLE_NAMES: Role[] = ["viewer", "admin", "owner"];

/** Members and their roles. Owners change roles and remove members; anyone can leave. */
export function MembersManager({
  members,
  you,
  canManage,
}: {
  members: MemberView[];
  you: string;
  canManage: boolean;
}) {
  const router = useRouter();
  const [notice, setNotice] = useState<Notice>(null);
  const [busy, setBusy] = useState<string | null>(null);

  async function call(userId: string, init: RequestInit, ok: string, after?: () => void) {
    setBusy(userId);
    const res = await fetch(`/api/members/${userId}`, init);
    setBusy(null);
    if (!res.ok) return setNotice({ kind: "error", text: await apiErrorMessage(res) });
    setNotice({ kind: "ok", text: ok });
    if (after) after();
    else router.refresh();
  }

  const changeRole = (m: MemberView, role: Role) =>
    call(
      m.userId,
      { method: "PATCH", headers: { "content-type": "application/json" }, body: JSON.stringify({ role }) },
      `${m.email} is now ${role === "admin" ? "an" : "a"} ${role}.`,
    );

  const remove = (m: MemberView) =>
    m.userId === you
      ? call(m.userId, { method: "DELETE" }, "You left the organization.", () => {
          router.push("/analytics");
          router.refresh();
        })
      : call(m.userId, { method: "DELETE" }, `Removed ${m.email}.`);

  return (
    <div className="stack">
      <StatusNotice notice={notice} />
      <section className="card" aria-labelledby="members-heading">
        <div className="card-header">
          <h2 id="members-heading">
            Members <span className="muted">({members.length})</span>
          </h2>
        </div>
        <table className="members-table" aria-label="Members">
          <thead>
            <tr>
              <th scope="col">Member</th>
              <th scope="col">Role</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr key={m.userId}>
                <td>
                  {m.name ? (
                    <>
                      {m.name} <span className="muted small">{m.email}</span>
                    </>
                  ) : (
                    m.email
                  )}
                  {m.userId === you && (
                    <span className="badge" style={{ marginLeft: "0.4rem" }}>
                      you
                    </span>
                  )}
                </td>
                <td>
                  {canManage ? (
                    <>
                      <label className="sr-only" htmlFor={`role-${m.userId}`}>
                        Role of {m.email}
                      </label>
                      <select
                        id={`role-${m.userId}`}
                        value={m.role}
                        disabled={busy === m.userId}
                        onChange={(e) => changeRole(m, e.target.value as Role)}
                      >
                        {ROLE_NAMES.map((r) => (
                          <option key={r} value={r}>
                            {r}
                          </option>
                        ))}
                      </select>
                    </>
                  ) : (
                    <span className="badge">{m.role}</span>
                  )}
                </td>
                <td style={{ textAlign: "right" }}>
                  {(canManage || m.userId === you) && (
                    <button
                      className="btn btn-sm btn-danger"
                      type="button"
                      disabled={busy === m.userId}
                      onClick={() => remove(m)}
                    >
                      {m.userId === you ? "Leave" : "Remove"}
                      <span className="sr-only"> {m.email}</span>
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </div>
  );
}
