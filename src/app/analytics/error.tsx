"use client";

import Link from "next/link";
import { useEffect } from "react";
import { AppShell } from "@/components/app-shell";

export default function AnalyticsError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);
  const digest = error instanceof Error ? (error as Error & { digest?: string }).digest : undefined;

  return (
    <AppShell current="analytics" email="">
      <section className="card empty" role="alert">
        <h2>Your analytics could not be loaded</h2>
        <p>
          This is usually temporary, for example while the database is busy. Try again; if it keeps happening, clear the
          filters or check your keys.
        </p>
        <div className="row" style={{ justifyContent: "center" }}>
          <button className="btn btn-primary" type="button" onClick={() => retry()}>
            Try again
          </button>
          <Link className="btn" href="/analytics">
            Reset the view
          </Link>
          <Link className="btn" href="/keys">
            Go to Keys
          </Link>
        </div>
        {digest && (
          <p className="small muted" style={{ marginTop: "1rem" }}>
            Reference: {digest}
          </p>
        )}
      </section>
    </AppShell>
  );
}
