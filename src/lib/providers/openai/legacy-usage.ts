import { ProviderError, type NormalizedUsageRecord } from "@/lib/providers/types";
import type { OpenAIClient } from "./client";
import { legacyUsageResponseSchema, parseOrMalformed } from "./schemas";

const DAY_MS = 86_400_000;

/**
 * Best-effort daily usage from the undocumented `GET /usage?date=` that standard keys can read.
 * Entries are summed per model (snapshot_id) into one record spanning the UTC day; entries whose
 * aggregation_timestamp falls outside that day are dropped so adjacent days never double count.
 */
export async function fetchLegacyUsageForDay(
  client: OpenAIClient,
  date: string,
  init: { signal?: AbortSignal } = {},
): Promise<NormalizedUsageRecord[]> {
  const windowStart = parseUtcDay(date);
  const windowEnd = new Date(windowStart.getTime() + DAY_MS);
  const body = await client.getJson("/usage", { date }, init);
  const parsed = parseOrMalformed(legacyUsageResponseSchema, body, `legacy usage for ${date}`);

  const byModel = new Map<string, NormalizedUsageRecord>();
  for (const e of parsed.data) {
    const ts = e.aggregation_timestamp;
    if (typeof ts === "number" && (ts * 1000 < windowStart.getTime() || ts * 1000 >= windowEnd.getTime())) continue;
    const model = e.snapshot_id || "unknown";
    const rec = byModel.get(model) ?? {
      provider: "openai",
      source: "legacy",
      model,
      windowStart,
      windowEnd,
      inputTokens: 0,
      outputTokens: 0,
      cachedInputTokens: 0,
      requests: 0,
      projectId: null,
      apiKeyId: null,
      providerUserId: null,
      serviceTier: null,
      batch: null,
    };
    rec.inputTokens += e.n_context_tokens_total;
    rec.outputTokens += e.n_generated_tokens_total;
    rec.requests += e.n_requests;
    byModel.set(model, rec);
  }
  return [...byModel.values()];
}

function parseUtcDay(date: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  const d = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!d || d.toISOString().slice(0, 10) !== date) {
    throw new ProviderError("BAD_REQUEST", `Legacy usage needs a date like 2025-01-31, got "${date.slice(0, 20)}".`);
  }
  return d;
}
