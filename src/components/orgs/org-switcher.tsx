"use client";

import { useActionState, useRef } from "react";
import { createOrganizationAction, switchOrganizationAction, type OrgActionState } from "@/app/actions/orgs";

export interface SwitcherOrg {
  id: string;
  name: string;
  personal: boolean;
  role: string;
}

const initial: OrgActionState = { error: null };

/**
 * The current organization, as a labelled select. Choosing one submits the form at once; without
 * scripts the Switch button does. "New organization" opens a small form (a native disclosure).
 */
export function OrgSwitcher({
  orgs,
  currentId,
  canCreate,
}: {
  orgs: SwitcherOrg[];
  currentId: string;
  canCreate: boolean;
}) {
  const form = useRef<HTMLFormElement>(null);
  const [switchState, switchAction, switching] = useActionState(switchOrganizationAction, initial);
  const [createState, createAction, creating] = useActionState(createOrganizationAction, initial);
  const error = switchState.error ?? createState.error;
  return (
    <div className="org-switcher">
      <form ref={form} action={switchAction} className="org-switch-form">
        <label htmlFor="org-switch" className="sr-only">
          Organization
        </label>
        <select
          id="org-switch"
          name="orgId"
          defaultValue={currentId}
          key={currentId}
          disabled={switching}
          onChange={() => form.current?.requestSubmit()}
        >
          {orgs.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
              {o.personal ? " (personal)" : ""} · {o.role}
            </option>
          ))}
        </select>
        <noscript>
          <button className="btn btn-sm" type="submit">
            Switch
          </button>
        </noscript>
      </form>
      {canCreate && (
        <details className="new-org">
          <summary className="btn btn-sm">New organization</summary>
          <form action={createAction} className="new-org-form card">
            <label htmlFor="new-org-name">Organization name</label>
            <input id="new-org-name" name="name" required maxLength={100} placeholder="e.g. Acme Inc" />
            <button className="btn btn-primary btn-sm" type="submit" disabled={creating}>
              {creating ? "Creating…" : "Create and switch"}
            </button>
          </form>
        </details>
      )}
      {error && (
        <div className="alert alert-error org-error" role="alert">
          {error}
        </div>
      )}
    </div>
  );
}
