import Link from "next/link";
import type { ReactNode } from "react";
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

export function AppShell({
  current,
  email,
  role,
  children,
}: {
  current: "dashboard" | "analytics" | "audit";
  email: string;
  /** The caller's role in the current organization: links they cannot use are not shown. */
  role?: Role;
  children: ReactNode;
}) {
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
          <nav className="nav" aria-label="Main">
            <Link href="/analytics" aria-current={current === "analytics" ? "page" : undefined}>
              Analytics
            </Link>
            <Link href="/dashboard" aria-current={current === "dashboard" ? "page" : undefined}>
              Keys
            </Link>
            {role && can(role, "audit:read") && (
              <Link href="/settings/audit" aria-current={current === "audit" ? "page" : undefined}>
                Audit log
              </Link>
            )}
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
