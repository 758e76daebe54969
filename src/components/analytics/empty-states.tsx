import Link from "next/link";
import { formatDateRange } from "../format";
import { RefreshButton } from "./refresh-button";

export function NoKeysState() {
  return (
    <section className="card empty">
      <h2>Add a provider key to see your usage</h2>
      <p>CogniTrack reads usage from your providers&apos; own APIs. Start by adding an OpenAI admin key.</p>
      <Link className="btn btn-primary" href="/dashboard">
        Go to Keys
      </Link>
    </section>
  );
}

export function NoDataState() {
  return (
    <section className="card empty">
      <h2>No usage stored yet</h2>
      <p>Click Refresh to pull your usage for the last few days. Older history can be backfilled later.</p>
      <RefreshButton />
    </section>
  );
}

export function NoMatchState({
  clearHref,
  dataRange,
  dataRangeHref,
}: {
  clearHref: string | null;
  dataRange: { start: string; end: string } | null;
  dataRangeHref: string | null;
}) {
  return (
    <section className="card empty">
      <h2>No usage matches these filters</h2>
      {dataRange && (
        <p>
          Your stored usage runs from {formatDateRange(dataRange.start, dataRange.end)} (UTC).
          {dataRangeHref && (
            <>
              {" "}
              <Link href={dataRangeHref}>Show that range</Link>.
            </>
          )}
        </p>
      )}
      {clearHref && (
        <Link className="btn" href={clearHref}>
          Clear filters
        </Link>
      )}
    </section>
  );
}

export function TooSlowState({ message, resetHref }: { message: string; resetHref: string }) {
  return (
    <section className="card empty" role="alert">
      <h2>This view took too long</h2>
      <p>{message}</p>
      <Link className="btn" href={resetHref}>
        Show the last 30 days
      </Link>
    </section>
  );
}

export function SimulatedBanner({ rows }: { rows: number }) {
  return (
    <div className="alert alert-warn" role="note">
      <strong>This range includes simulated usage</strong> ({rows.toLocaleString("en-US")} row{rows === 1 ? "" : "s"}).
      A key could not read its provider&apos;s usage, so sample data stands in for it; it is not real spend. Check the
      key on the <Link href="/dashboard">Keys page</Link>.
    </div>
  );
}
