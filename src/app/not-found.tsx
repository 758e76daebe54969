import Link from "next/link";
import { Brand } from "@/components/app-shell";

export const metadata = { title: "Page not found" };

export default function NotFound() {
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
        </div>
      </header>
      <main className="auth-wrap">
        <section className="card auth-card">
          <h1>Page not found</h1>
          <p className="muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
          <div className="row">
            <Link className="btn btn-primary" href="/analytics">
              Open analytics
            </Link>
            <Link className="btn" href="/">
              Home
            </Link>
          </div>
        </section>
      </main>
    </>
  );
}
