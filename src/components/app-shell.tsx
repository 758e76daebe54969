import Link from "next/link";
import type { ReactNode } from "react";
import { OrgSwitcher, type SwitcherOrg } from "./orgs/org-switcher";
import { SignOutButton } from "./sign-out-button";

export function Brand() {
  return (
    <Link href="/" className="brand" aria-label="CogniTrack home">
      <span className="brand-mark" aria-hidden="true" />
      CogniTrack
    </Link>
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
  children,
}: {
  current: "keys" | "analytics" | "members";
  email: string;
  orgs?: ShellOrgs;
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
            {link("/keys", "keys", "Keys")}
            {link("/settings/members", "members", "Members")}
          </nav>
          <div className="user-menu">
            <span className="email muted">{email}</span>
            <SignOutButton />
          </div>
        </div>
      </header>
      <main className="page">{children}</main>
    </>
  );
}
