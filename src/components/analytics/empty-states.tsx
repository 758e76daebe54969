import Link from "next/link";
import { formatDateRange } from "../format";
import { RefreshButton } from "./refresh-button";

export function NoKeysState({ canAdd }: { canAdd: boolean }) {
  return (
    <section className="card empty">
      <h2>Add a provider key to see your usage</h2>
      <p>
        CogniTrack reads usage from your providers&apos; own APIs.{" "}
        {canAdd
          ? "Start by adding an OpenAI admin key."
          : "An admin of this organization needs to add an OpenAI key first."}
      </p>
      <Link className="btn btn-primary" href="/keys">
        Go to Keys
      </Link>
    </section>
  );
}

export function NoDataState({ canRefresh }: { canRefresh: boolean }) {
  return (
    <section className="card empty">
      <h2>No usage stored yet</h2>
      <p>
        {canRefresh
          ? "Click Refresh to pull your usage for the last few days. Older history can be backfilled later."
          : "Usage appears after the next daily sync, or when an admin clicks Refresh."}
      </p>
      {canRefresh && <RefreshButton />}
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
      key on the <Link href="/keys">Keys page</Link>.
    </div>
  );
}
