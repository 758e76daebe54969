import Link from "next/link";
import type { ReactNode } from "react";
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
  children,
}: {
  current: "dashboard" | "analytics" | "members" | "tokens";
  email: string;
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
            <Link href="/settings/members" aria-current={current === "members" ? "page" : undefined}>
              Members
            </Link>
            <Link href="/settings/tokens" aria-current={current === "tokens" ? "page" : undefined}>
              API tokens
            </Link>
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
