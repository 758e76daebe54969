import type { ReactNode } from "react";
import { AppShell } from "@/components/app-shell";
import { formatDateRange } from "@/components/format";
import { formatRate, formatUsdText } from "@/components/money/decimal-format";
import { ReconciliationFiltersForm, type ReconciliationFormValues } from "@/components/reconciliation/filters-form";
import { FlaggedRows, ReconciliationTable } from "@/components/reconciliation/reconciliation-rows";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { getConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { listKeys } from "@/lib/keys/list";
import { assertCan, can } from "@/lib/orgs/roles";
import type { Actor } from "@/lib/orgs/types";
import { getReconciliation, lastClosedDay, reconciliationQuerySchema } from "@/lib/reconciliation";
import { shellOrgs } from "../shell-orgs";

export const metadata = { title: "Reconciliation" };
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
const FIELDS = ["start", "end", "provider", "threshold"] as const;

/** The page is lenient about the URL (first value of each known field); the API is strict. */
function pick(raw: SearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of FIELDS) {
    const v = [raw[f] ?? []].flat()[0];
    if (v !== undefined && v.trim() !== "") out[f] = v;
  }
  return out;
}

function refusal(actor: Actor): string | null {
  try {
    assertCan(actor, "reconciliation:read");
    return null;
  } catch (e) {
    if (isAppError(e)) return e.message;
    throw e;
  }
}

export default async function ReconciliationPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const fields = pick(await searchParams);
  const qs = new URLSearchParams(fields).toString();
  const actor = await requireActorOrRedirect(`/reconciliation${qs ? `?${qs}` : ""}`);
  const orgs = await shellOrgs(actor);
  const shell = (body: ReactNode) => (
    <AppShell current="reconciliation" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Reconciliation</h1>
          <p className="muted" style={{ margin: 0 }}>
            What each provider billed against what CogniTrack computed from usage, per closed UTC day and project.
            Anthropic Priority Tier usage is billed outside Anthropic&apos;s cost report, so it is left out of Computed
            here (Analytics still counts it).
          </p>
        </div>
      </div>
      {body}
    </AppShell>
  );
  const refused = refusal(actor);
  if (refused)
    return shell(
      <div className="alert alert-error" role="alert">
        {refused}
      </div>,
    );

  const defaultThreshold = getConfig().reconciliation.thresholdPercent;
  const parsed = reconciliationQuerySchema.safeParse(fields);
  const errors: Partial<Record<keyof ReconciliationFormValues, string>> = {};
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? "start") as keyof ReconciliationFormValues;
      errors[name] ??= issue.message.startsWith(`${name} `) ? issue.message : `${name}: ${issue.message}`;
    }
  }
  const query = parsed.success ? parsed.data : reconciliationQuerySchema.parse({});
  const db = await getDb();
  const [keys, view] = await Promise.all([listKeys(db, actor), getReconciliation(db, actor, query)]);
  const values: ReconciliationFormValues = {
    start: fields.start ?? query.start,
    end: fields.end ?? query.end,
    provider: fields.provider ?? "",
    threshold: fields.threshold ?? "",
  };
  const flagged = view.days.filter((r) => r.flagged);
  const reported = view.days.some((r) => r.billedUsd !== null);

  return shell(
    <div className="stack">
      <ReconciliationFiltersForm
        values={values}
        errors={errors}
        lastClosed={lastClosedDay()}
        defaultThreshold={defaultThreshold}
      />
      {!parsed.success && (
        <p className="alert alert-warn" role="status">
          Some filters could not be used (see the fields above); showing the last 30 closed days instead.
        </p>
      )}
      {view.provisionalFrom && (
        <p className="small muted">
          Days from {view.provisionalFrom} on are provisional (the provider may still add cost) and are left out.
        </p>
      )}
      {keys.length === 0 ? (
        <div className="card empty">
          <h2>No provider keys yet</h2>
          <p className="muted">
            Reconciliation compares a provider&apos;s bill with your usage. Add a provider key first
            {can(actor.role, "keys:write") ? (
              <>
                : <a href="/keys">add a key</a>.
              </>
            ) : (
              "; ask an admin of this organization."
            )}
          </p>
        </div>
      ) : view.range === null ? (
        <div className="card empty">
          <h2>No closed days in this range</h2>
          <p className="muted">Today is still being billed. Choose a range that ends yesterday or earlier.</p>
        </div>
      ) : view.days.length === 0 ? (
        <div className="card empty">
          <h2>Nothing to reconcile</h2>
          <p className="muted">No billed cost and no usage for {formatDateRange(view.range.start, view.range.end)}.</p>
        </div>
      ) : (
        <>
          {!reported && (
            <p className="alert alert-warn" role="status">
              No billed cost yet: the provider&apos;s cost report has not been read for this range. Computed cost is
              shown without anything to compare it with.
            </p>
          )}
          <section className="card" aria-labelledby="recon-summary-heading">
            <h2 id="recon-summary-heading">{formatDateRange(view.range.start, view.range.end)}</h2>
            <p>
              Billed {formatUsdText(view.totals.billedUsd)}, computed {formatUsdText(view.totals.computedUsd)} on the
              same days: capture rate {formatRate(view.totals.captureRate)}, gap {formatUsdText(view.totals.gapUsd)}.{" "}
              {view.totals.flaggedRows} of {view.totals.rows} rows are off by more than {view.thresholdPercent}%.
              {view.totals.unbilledComputedUsd !== "0" && (
                <> {formatUsdText(view.totals.unbilledComputedUsd)} computed on days without a cost report.</>
              )}
            </p>
          </section>
          {reported && (
            <section aria-labelledby="recon-flagged-heading" className="stack">
              <h2 id="recon-flagged-heading">Flagged</h2>
              <FlaggedRows rows={flagged} threshold={view.thresholdPercent} />
            </section>
          )}
          <section className="card" aria-labelledby="recon-all-heading">
            <h2 id="recon-all-heading">Every day and project</h2>
            <ReconciliationTable rows={view.days} />
          </section>
        </>
      )}
    </div>,
  );
}
