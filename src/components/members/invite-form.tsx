"use client";

import { useState, type FormEvent } from "react";
import type { CreatedInvitation } from "@/lib/orgs/invitations/create";
import { apiErrorMessage } from "../api-error";

type Role = CreatedInvitation["role"];

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Plain-words checks before the request; the server checks again and has the last word. */
export function inviteFieldErrors(email: string): { email?: string } {
  if (!email) return { email: "Enter an email address." };
  if (!EMAIL.test(email)) return { email: "Enter a valid email address, like name@example.com." };
  return {};
}

export function InviteForm({
  canInviteOwner,
  onInvited,
}: {
  canInviteOwner: boolean;
  onInvited: (invitation: CreatedInvitation) => void;
}) {
  const [errors, setErrors] = useState<{ email?: string }>({});
  const [serverError, setServerError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const email = String(data.get("email") ?? "").trim();
    const role = String(data.get("role") ?? "viewer") as Role;
    const found = inviteFieldErrors(email);
    setErrors(found);
    setServerError(null);
    if (found.email) return form.querySelector<HTMLInputElement>("#invite-email")?.focus();
    setBusy(true);
    const res = await fetch("/api/invitations", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email, role }),
    });
    setBusy(false);
    if (!res.ok) return setServerError(await apiErrorMessage(res));
    const { invitation } = (await res.json()) as { invitation: CreatedInvitation };
    form.reset();
    onInvited(invitation);
  }

  return (
    <form onSubmit={onSubmit} aria-label="Invite someone" noValidate>
      {serverError && (
        <div className="alert alert-error field" role="alert">
          {serverError}
        </div>
      )}
      <div className="form-grid">
        <div className="field">
          <label htmlFor="invite-email">Email address</label>
          <input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            placeholder="name@example.com"
            aria-invalid={errors.email ? true : undefined}
            aria-describedby={errors.email ? "invite-email-error" : undefined}
          />
          {errors.email && (
            <div id="invite-email-error" className="field-error">
              {errors.email}
            </div>
          )}
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" name="role" defaultValue="viewer">
            <option value="viewer">Viewer: analytics and exports</option>
            <option value="admin">Admin: also keys, refresh, tokens, invitations</option>
            {canInviteOwner && <option value="owner">Owner: also members and organization settings</option>}
          </select>
        </div>
      </div>
      <button className="btn btn-primary" type="submit" disabled={busy}>
        {busy ? "Inviting…" : "Invite"}
      </button>
    </form>
  );
}
