/**
 * Usage and billed cost for reconciliation and spend tests, written through the real upserts
 * (usage: ingestion's upsert + the rollup refresh; cost: the cost upsert). The computed cost a
 * test expects comes from the row listing (each stored row priced on its own), summed exactly.
 */
import type { Db } from "@/db/types";
import { listUsageRows } from "@/lib/analytics";
import { upsertCostBuckets } from "@/lib/ingestion/persist-costs";
import { formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";
import type { NormalizedCostRecord, NormalizedUsageRecord } from "@/lib/providers/types";
import { refreshUsageRollup } from "@/lib/rollup";
import { store } from "../analytics/fixture";

const DAY_MS = 86_400_000;

export function usage(
  day: string,
  model: string,
  projectId: string | null,
  input: number,
  output: number,
  provider: "openai" | "anthropic" = "openai",
): NormalizedUsageRecord {
  const start = new Date(`${day}T00:00:00Z`);
  return {
    provider,
    source: "completions",
    model,
    windowStart: start,
    windowEnd: new Date(start.getTime() + DAY_MS),
    inputTokens: input,
    outputTokens: output,
    cachedInputTokens: 0,
    requests: 10,
    projectId,
    apiKeyId: null,
    providerUserId: null,
    serviceTier: null,
    batch: false,
  };
}

export function cost(
  day: string,
  projectId: string | null,
  lineItem: string,
  amountUsd: string,
  provider: "openai" | "anthropic" = "openai",
): NormalizedCostRecord {
  const start = new Date(`${day}T00:00:00Z`);
  return {
    provider,
    source: "costs",
    day,
    windowStart: start,
    windowEnd: new Date(start.getTime() + DAY_MS),
    amountUsd,
    currency: "USD",
    projectId,
    lineItem,
    apiKeyId: null,
    model: null,
  };
}

/** Stores usage, refreshes the account's cubes over its days, and stores the cost rows. */
export async function seed(
  db: Db,
  target: { orgId: string; accountId: string },
  records: NormalizedUsageRecord[],
  costs: NormalizedCostRecord[],
) {
  const { orgId, accountId } = target;
  if (records.length > 0) {
    await store(db, { orgId, accountId }, records);
    const times = records.map((r) => r.windowStart.getTime());
    await refreshUsageRollup(db, {
      orgId,
      accountId,
      start: new Date(Math.min(...times)),
      end: new Date(Math.max(...times) + DAY_MS),
    });
  }
  if (costs.length > 0) await upsertCostBuckets(db, { orgId, accountId }, costs);
}

/** Computed cost of one day and project, as the row listing prices it (exact sum of row estimates). */
export async function computedOf(db: Db, orgId: string, day: string, projectId: string): Promise<string> {
  const { rows } = await listUsageRows(db, orgId, { start: day, end: day, projectId, pageSize: 1000 });
  if (rows.length === 0) throw new Error(`no usage rows on ${day} for ${projectId}`);
  return sumDecimals(rows.map((r) => r.estimatedCostUsd ?? "0"));
}

/** value × factor (factor a decimal string), exactly. */
export function times(value: string, factor: string): string {
  const a = parseDecimal(value)!;
  const b = parseDecimal(factor)!;
  return formatDecimal({ units: a.units * b.units, scale: a.scale + b.scale });
}
