/**
 * Spend written straight into the tables the spend query reads: billed rows in cost_events and
 * usage rows through the real usage upsert (computed cost = tokens × the price table).
 */
import { costEvents, providerAccounts } from "@/db/schema";
import type { Db } from "@/db/types";
import { upsertUsageBuckets } from "@/lib/ingestion/persist";

export async function addAccount(db: Db, orgId: string, provider: "openai" | "anthropic") {
  const [row] = await db
    .insert(providerAccounts)
    .values({ orgId, provider, label: `${provider} account`, externalId: `ext-${Math.random().toString(36).slice(2)}` })
    .returning();
  return row!.id;
}

/** One billed row per (day, amount); `lineItem` keeps rows of one day apart. */
export async function addBilled(
  db: Db,
  target: { orgId: string; accountId: string; provider: "openai" | "anthropic" },
  rows: { day: string; amountUsd: string; projectId?: string | null; lineItem?: string }[],
) {
  if (rows.length === 0) return;
  await db.insert(costEvents).values(
    rows.map((r, i) => ({
      orgId: target.orgId,
      accountId: target.accountId,
      provider: target.provider,
      source: "cost_report",
      day: r.day,
      amountUsd: r.amountUsd,
      projectId: r.projectId ?? null,
      lineItem: r.lineItem ?? `line ${i}`,
    })),
  );
}

/**
 * Usage worth exactly `millions` x the model's output price on a day, for the computed path (no input
 * tokens, so only the output price counts): gpt-4o-mini at $0.60 per 1M for OpenAI, claude-3-haiku at
 * $1.25 per 1M for Anthropic (the price library's figures).
 */
export async function addUsage(
  db: Db,
  target: { orgId: string; accountId: string },
  rows: {
    day: string;
    outputMillions: number;
    projectId?: string | null;
    apiKeyId?: string | null;
    provider?: "openai" | "anthropic";
  }[],
) {
  await upsertUsageBuckets(
    db,
    { ...target, simulated: false },
    rows.map((r) => ({
      provider: r.provider ?? "openai",
      source: "completions",
      model: r.provider === "anthropic" ? "claude-3-haiku-20240307" : "gpt-4o-mini-2024-07-18",
      windowStart: new Date(`${r.day}T00:00:00Z`),
      windowEnd: new Date(Date.parse(`${r.day}T00:00:00Z`) + 86_400_000),
      inputTokens: 0,
      cachedInputTokens: 0,
      outputTokens: r.outputMillions * 1_000_000,
      requests: 1,
      projectId: r.projectId ?? null,
      apiKeyId: r.apiKeyId ?? null,
      providerUserId: null,
      serviceTier: null,
      batch: false,
    })),
  );
}

/** Every day from first to last (inclusive) with the same amount. */
export function flatDays(first: string, last: string, amountUsd: string) {
  const out: { day: string; amountUsd: string }[] = [];
  for (let t = Date.parse(`${first}T00:00:00Z`); t <= Date.parse(`${last}T00:00:00Z`); t += 86_400_000) {
    out.push({ day: new Date(t).toISOString().slice(0, 10), amountUsd });
  }
  return out;
}
