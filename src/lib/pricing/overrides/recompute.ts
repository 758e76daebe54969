/**
 * After an override changes: re-price the organization's usage rows it can touch (that provider,
 * that model and its snapshots, from the earliest effective day involved), then refresh the rollup
 * days whose cost actually moved, and nothing else.
 */
import type { Db } from "@/db/types";
import { addDays } from "@/lib/dates";
import { refreshUsageRollup } from "@/lib/rollup/refresh";
import { repriceUsageRows } from "../reprice-rows";

export interface RecomputeScope {
  provider: string;
  model: string;
  fromDay: string;
}

export interface RecomputeSummary {
  /** Usage rows looked at and rows whose cost changed. */
  rows: number;
  changed: number;
  /** Per provider account, the UTC days refreshed in the rollups. */
  days: { accountId: string; first: string; last: string }[];
}

export async function recomputeAfterOverrideChange(
  db: Db,
  orgId: string,
  scopes: readonly RecomputeScope[],
): Promise<RecomputeSummary> {
  let rows = 0;
  let changed = 0;
  const days = new Map<string, { first: string; last: string }>();
  for (const scope of scopes) {
    const r = await repriceUsageRows(db, { orgId, ...scope });
    rows += r.rows;
    changed += r.changed;
    for (const d of r.changedDays) {
      const prev = days.get(d.accountId);
      days.set(d.accountId, {
        first: prev && prev.first < d.first ? prev.first : d.first,
        last: prev && prev.last > d.last ? prev.last : d.last,
      });
    }
  }
  for (const [accountId, d] of days) {
    await refreshUsageRollup(db, {
      orgId,
      accountId,
      start: new Date(`${d.first}T00:00:00Z`),
      end: new Date(`${addDays(d.last, 1)}T00:00:00Z`),
    });
  }
  return { rows, changed, days: [...days].map(([accountId, d]) => ({ accountId, ...d })) };
}
