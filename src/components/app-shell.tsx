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

export function AppShell({
  current,
  email,
  children,
}: {
  current: "dashboard" | "analytics";
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
