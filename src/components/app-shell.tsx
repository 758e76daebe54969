import Link from "next/link";
import type { ReactNode } from "react";
import { OrgSwitcher, type SwitcherOrg } from "./orgs/org-switcher";
import { can, type Role } from "@/lib/orgs/roles";
import { SignOutButton } from "./sign-out-button";

export function Brand() {
  return (
    <Link href="/" className="brand" aria-label="CogniTrack home">
      <span className="brand-mark" aria-hidden="true" />
      CogniTrack
    </Link>
  );
}

/**
 * Who is signed in and the ways out: this session, or every session of the account. Plain markup
 * (a <details> disclosure), because the client-side error shell renders it too.
 */
function AccountMenu({ email }: { email: string }) {
  return (
    <details className="account-menu">
      <summary className="btn btn-sm">Account</summary>
      <div className="account-menu-panel">
        {email && (
          <p className="small muted">
            Signed in as <strong>{email}</strong>
          </p>
        )}
        <SignOutButton />
        <SignOutButton everywhere />
        <p className="small muted">
          Sign out everywhere also ends your sessions in other browsers and on other devices.
        </p>
      </div>
    </details>
  );
}

/** The organizations for the header's switcher (absent on error and loading screens). */
export interface ShellOrgs {
  orgs: SwitcherOrg[];
  currentId: string;
  canCreate: boolean;
}

export function AppShell({
  current,
  email,
  orgs,
  role,
  children,
}: {
  current: "keys" | "analytics" | "budgets" | "reconciliation" | "members" | "tokens" | "audit" | "channels" | "prices";
  email: string;
  orgs?: ShellOrgs;
  /** The caller's role in the current organization: links they cannot use are not shown. */
  role?: Role;
  children: ReactNode;
}) {
  const link = (href: string, name: typeof current, label: string) => (
    <Link href={href} aria-current={current === name ? "page" : undefined}>
      {label}
    </Link>
  );
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          {orgs && <OrgSwitcher orgs={orgs.orgs} currentId={orgs.currentId} canCreate={orgs.canCreate} />}
          <nav className="nav" aria-label="Main">
            {link("/analytics", "analytics", "Analytics")}
            {role && can(role, "reconciliation:read") && link("/reconciliation", "reconciliation", "Reconciliation")}
            {link("/budgets", "budgets", "Budgets")}
            {link("/keys", "keys", "Keys")}
            {link("/settings/members", "members", "Members")}
            {role && can(role, "budgets:read") && link("/settings/channels", "channels", "Channels")}
            {link("/settings/prices", "prices", "Prices")}
            {role && can(role, "tokens:write") && link("/settings/tokens", "tokens", "API tokens")}
            {role && can(role, "audit:read") && link("/settings/audit", "audit", "Audit log")}
          </nav>
          <div className="user-menu">
            <span className="email muted">{email}</span>
            <AccountMenu email={email} />
          </div>
        </div>
      </header>
      <main className="page">{children}</main>
    </>
  );
}
