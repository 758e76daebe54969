/**
 * Spend anomalies of closed days, for the organization, each provider and each project, by the
 * rule in ./rule.ts (k and the dollar floor from the config). Read for GET /api/anomalies, the
 * Analytics list, and alert evaluation.
 */
import { z } from "zod";
import type { Db } from "@/db/types";
import { addDays, daysInRange, productDate, todayUtc } from "@/lib/dates";
import { getConfig } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { groupedDailySpend, type SpendGrouping } from "@/lib/money/spend";
import { parseOrThrow } from "@/lib/validation";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { ANOMALY_WINDOW_DAYS, judgeSeries, type AnomalyRule } from "./rule";

export type AnomalyScopeKind = "organization" | "provider" | "project";

export interface Anomaly {
  day: string;
  scope: { kind: AnomalyScopeKind; id: string | null };
  amountUsd: string;
  medianUsd: string;
  madUsd: string;
  thresholdUsd: string;
}

export const MAX_ANOMALY_RANGE_DAYS = 92;

export const anomaliesQuerySchema = z
  .strictObject({ start: productDate("start").optional(), end: productDate("end").optional() })
  .superRefine((v, ctx) => {
    if (v.start && v.end) {
      const days = daysInRange(v.start, v.end);
      if (days < 1) ctx.addIssue({ code: "custom", path: ["end"], message: "end must not be before start" });
      else if (days > MAX_ANOMALY_RANGE_DAYS)
        ctx.addIssue({
          code: "custom",
          path: ["end"],
          message: `the range may span at most ${MAX_ANOMALY_RANGE_DAYS} days`,
        });
    }
  });

export type AnomaliesQuery = z.infer<typeof anomaliesQuerySchema>;

const GROUPINGS: [SpendGrouping, AnomalyScopeKind][] = [
  ["none", "organization"],
  ["provider", "provider"],
  ["project", "project"],
];

/** Anomalous closed days in start..end (default: the 30 days before today), oldest first. */
export async function detectAnomalies(
  db: Db,
  orgId: string,
  query: AnomaliesQuery,
  options: { now?: Date; rule?: AnomalyRule } = {},
): Promise<{ range: { start: string; end: string }; rule: AnomalyRule; anomalies: Anomaly[] }> {
  const q = parseOrThrow(anomaliesQuerySchema, query, "query");
  const today = todayUtc(options.now);
  const yesterday = addDays(today, -1);
  const end = q.end && daysInRange(q.end, yesterday) >= 1 ? q.end : yesterday;
  const start = q.start ?? addDays(end, -29);
  if (q.start && daysInRange(start, end) < 1) {
    throw new AppError(
      "VALIDATION_FAILED",
      "Only closed days (before today, UTC) are judged: choose a start before today.",
    );
  }
  if (daysInRange(start, end) > MAX_ANOMALY_RANGE_DAYS) {
    throw new AppError("VALIDATION_FAILED", `The range may span at most ${MAX_ANOMALY_RANGE_DAYS} days.`);
  }
  const rule = options.rule ?? getConfig().anomalies;
  const lookbackStart = addDays(start, -ANOMALY_WINDOW_DAYS);
  const anomalies: Anomaly[] = [];
  const spend = await Promise.all(
    GROUPINGS.map(([grouping]) =>
      groupedDailySpend(db, orgId, { start: lookbackStart, end }, grouping, { now: options.now }),
    ),
  );
  for (const [i, [, kind]] of GROUPINGS.entries()) {
    const rows = spend[i]!;
    const series = new Map<string | null, Map<string, string>>();
    for (const r of rows) {
      if (kind === "project" && r.group === null) continue; // usage without a project is no project's normal
      const s = series.get(r.group) ?? new Map<string, string>();
      s.set(r.day, r.amountUsd);
      series.set(r.group, s);
    }
    for (const [group, daily] of series) {
      // Days are zero-filled from the series' first spend inside the lookback (rule.ts).
      const firstDay = [...daily.keys()].sort()[0] ?? null;
      for (const judged of judgeSeries(start, end, daily, firstDay, rule)) {
        if (judged.anomalous) {
          anomalies.push({
            day: judged.day,
            scope: { kind, id: kind === "organization" ? null : group },
            amountUsd: judged.amountUsd,
            medianUsd: judged.medianUsd,
            madUsd: judged.madUsd,
            thresholdUsd: judged.thresholdUsd,
          });
        }
      }
    }
  }
  anomalies.sort((a, b) => a.day.localeCompare(b.day) || a.scope.kind.localeCompare(b.scope.kind));
  return { range: { start, end }, rule, anomalies };
}

/** GET /api/anomalies: anyone who may read usage. */
export async function listAnomaliesFor(db: Db, actor: ActingAs, query: AnomaliesQuery) {
  assertCan(actor, "usage:read");
  return detectAnomalies(db, actor.orgId, query);
}
