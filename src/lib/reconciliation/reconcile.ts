/** GET /api/reconciliation and the /reconciliation page: billed vs computed per closed day, provider and project. */
import type { Db } from "@/db/types";
import { labelsFor, nullProjectLabel } from "@/lib/analytics/labels";
import { withReadTimeout } from "@/lib/analytics/read-timeout";
import type { ReadPath } from "@/lib/analytics/source";
import { addDays, parseEpochDay } from "@/lib/dates";
import { getConfig } from "@/lib/env";
import { canonicalDecimal } from "@/lib/money/decimal-math";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { parseOrThrow } from "@/lib/validation";
import type { LineItem, ReconciliationRow, ReconciliationView } from "./contract";
import { readDailyReconciliation, readLineItems } from "./daily";
import { lastClosedDay, reconciliationQuerySchema, type ReconciliationQuery } from "./schemas";

/** Postgres numeric text without the zeros its arithmetic leaves ("1.2300" -> "1.23"). */
export function canonical(value: string): string;
export function canonical(value: string | null): string | null;
export function canonical(value: string | null): string | null {
  if (value === null) return null;
  try {
    return canonicalDecimal(value);
  } catch {
    return value; // not a decimal: shown as it came
  }
}

/** The threshold as exact decimal text for SQL (`String(1e-7)` would be exponent notation). */
function thresholdText(percent: number): string {
  return percent.toFixed(6);
}

const keyOf = (r: { day: string; provider: string; projectId?: string | null; project_id?: string | null }) =>
  `${r.day}|${r.provider}|${r.projectId ?? r.project_id ?? "\u0000"}`;

/** Flagged rows (biggest |gap| first) that carry their line items. */
export const LINE_ITEM_ROWS = 100;

export interface ReconcileOptions {
  now?: Date;
  /** Overrides LINE_ITEM_ROWS (tests). */
  lineItemRows?: number;
  path?: ReadPath;
  statementTimeoutMs?: number;
}

export async function getReconciliation(
  db: Db,
  actor: ActingAs,
  query: unknown,
  options: ReconcileOptions = {},
): Promise<ReconciliationView> {
  assertCan(actor, "reconciliation:read");
  const q: ReconciliationQuery = parseOrThrow(reconciliationQuerySchema, query, "query");
  const thresholdPercent = q.threshold ?? getConfig().reconciliation.thresholdPercent;
  const closed = lastClosedDay(options.now);
  const end = parseEpochDay(q.end)! > parseEpochDay(closed)! ? closed : q.end;
  const provisionalFrom = end === q.end ? null : addDays(closed, 1);
  const empty: ReconciliationView = {
    range: null,
    provisionalFrom,
    thresholdPercent,
    days: [],
    totals: {
      billedUsd: "0",
      computedUsd: "0",
      gapUsd: "0",
      captureRate: null,
      unbilledComputedUsd: "0",
      rows: 0,
      flaggedRows: 0,
    },
  };
  if (parseEpochDay(q.start)! > parseEpochDay(end)!) return empty;

  return withReadTimeout(db, { statementTimeoutMs: options.statementTimeoutMs }, async (db) => {
    const scope = {
      orgId: actor.orgId,
      start: q.start,
      end,
      provider: q.provider,
      projectId: q.projectId,
      threshold: thresholdText(thresholdPercent),
    };
    const { rows, totals, billedFrom } = await readDailyReconciliation(db, scope, options.path);
    const listed = (r: (typeof rows)[number]) =>
      r.flagged && Number(r.gap_rank) <= (options.lineItemRows ?? LINE_ITEM_ROWS);
    const flagged = rows.filter(listed);
    const items = new Map<string, LineItem[]>();
    for (const li of await readLineItems(
      db,
      actor.orgId,
      flagged.map((r) => ({ day: r.day, provider: r.provider, projectId: r.project_id })),
      billedFrom,
    )) {
      const list = items.get(keyOf(li)) ?? [];
      list.push({ lineItem: li.line_item, amountUsd: canonical(li.amount) });
      items.set(keyOf(li), list);
    }
    const label = await labelsFor(
      db,
      actor.orgId,
      "project",
      rows.map((r) => r.project_id),
    );
    const out: ReconciliationRow[] = rows.map((r) => ({
      day: r.day,
      provider: r.provider,
      projectId: r.project_id,
      projectName: r.project_id === null ? nullProjectLabel(r.provider) : label(r.project_id),
      billedUsd: canonical(r.billed),
      computedUsd: canonical(r.computed),
      captureRate: canonical(r.capture_rate),
      gapUsd: canonical(r.gap),
      flagged: r.flagged,
      lineItems: listed(r) ? (items.get(keyOf(r)) ?? []) : [],
      lineItemsListed: listed(r),
    }));
    return {
      range: { start: q.start, end },
      provisionalFrom,
      thresholdPercent,
      days: out,
      totals: {
        billedUsd: canonical(totals.billed),
        computedUsd: canonical(totals.computed),
        gapUsd: canonical(totals.gap),
        captureRate: canonical(totals.capture_rate),
        unbilledComputedUsd: canonical(totals.unbilled_computed),
        rows: Number(totals.rows),
        flaggedRows: Number(totals.flagged_rows),
      },
    };
  });
}
