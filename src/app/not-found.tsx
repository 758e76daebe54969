import Link from "next/link";
import { Brand } from "@/components/app-shell";

export const metadata = { title: "Page not found" };

// Next's built-in 404 carries an inline <style> without the CSP nonce; this one uses our stylesheet.
export default function NotFound() {
  return (
    <>
      <header className="topbar">
        <div className="topbar-inner">
          <Brand />
        </div>
      </header>
      <main className="page">
        <section className="card empty">
          <h1>Page not found</h1>
          <p className="muted">There is nothing at this address. It may have moved, or the link may be mistyped.</p>
          <Link className="btn btn-primary" href="/">
            Go to the home page
          </Link>
        </section>
      </main>
    </>
  );
}
