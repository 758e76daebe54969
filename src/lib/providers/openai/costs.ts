/**
 * OpenAI billed cost: `GET /organization/costs`, daily buckets grouped by project and line item
 * (and API key where OpenAI allows it), paged with `page`/`next_page` under the same rules as usage.
 */
import type { CostPage, ProviderWindow } from "@/lib/providers/adapter";
import { ProviderError, type NormalizedCostRecord } from "@/lib/providers/types";
import type { OpenAIClient } from "./client";
import { costsPageSchema, type CostsBucket, type CostsResult } from "./costs-schemas";
import { sanitizeNextPage } from "./next-page";
import { parseOrMalformed } from "./schemas";

export const COSTS_PATH = "/organization/costs";
export const COSTS_SOURCE = "costs";
export const COSTS_GROUP_BY = ["project_id", "line_item", "api_key_id"] as const;
/** OpenAI's documented cap on buckets per request; pages may still hold fewer (follow next_page). */
export const MAX_COST_BUCKETS = 180;
const MAX_PAGES = 1000;
const DAY_SECONDS = 86_400;

export interface CostsQuery {
  /** Unix seconds, inclusive. */
  startTime: number;
  /** Unix seconds, exclusive. */
  endTime: number;
  groupBy: readonly (typeof COSTS_GROUP_BY)[number][];
  limit?: number;
  signal?: AbortSignal;
}

export interface CostsPage {
  records: NormalizedCostRecord[];
  /** UTC days of the buckets on this page (a day with `results: []` is still a day OpenAI answered for). */
  days: string[];
  page: number;
}

const dayOf = (unixSeconds: number) => new Date(unixSeconds * 1000).toISOString().slice(0, 10);

export function normalizeCostsResult(bucket: CostsBucket, r: CostsResult): NormalizedCostRecord | null {
  // A result without an amount carries no money; there is nothing to store.
  if (r.amount?.value === undefined || r.amount.value === null) return null;
  return {
    provider: "openai",
    source: COSTS_SOURCE,
    // Cost buckets are snapped to UTC midnight; the day is the bucket's start.
    day: dayOf(bucket.start_time),
    windowStart: new Date(bucket.start_time * 1000),
    windowEnd: new Date(bucket.end_time * 1000),
    amountUsd: r.amount.value,
    // OpenAI documents lower case and sends either; the spec's default is usd.
    currency: (r.amount.currency || "usd").toUpperCase(),
    projectId: r.project_id,
    lineItem: r.line_item,
    apiKeyId: r.api_key_id,
    model: null,
  };
}

/** Walks `GET /organization/costs` with 1-day buckets, one yield per response page. */
export async function* iterateCostsPages(client: OpenAIClient, q: CostsQuery): AsyncGenerator<CostsPage> {
  if (!Number.isInteger(q.startTime) || !Number.isInteger(q.endTime) || q.endTime <= q.startTime) {
    throw new ProviderError("BAD_REQUEST", "Cost window needs whole unix seconds with endTime after startTime.");
  }
  const days = Math.ceil((q.endTime - q.startTime) / DAY_SECONDS);
  const limit = q.limit ?? Math.min(MAX_COST_BUCKETS, days);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_COST_BUCKETS) {
    throw new ProviderError("BAD_REQUEST", `limit must be a whole number from 1 to ${MAX_COST_BUCKETS} cost buckets.`);
  }
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const body = await client.getJsonKeepingNumbers(
      COSTS_PATH,
      {
        start_time: q.startTime,
        end_time: q.endTime,
        bucket_width: "1d",
        limit,
        "group_by[]": q.groupBy,
        page: cursor,
      },
      { signal: q.signal },
    );
    const parsed = parseOrMalformed(costsPageSchema, body, `costs (page ${page})`);
    const records: NormalizedCostRecord[] = [];
    for (const bucket of parsed.data) {
      for (const result of bucket.results) {
        const record = normalizeCostsResult(bucket, result);
        if (record) records.push(record);
      }
    }
    yield { records, days: parsed.data.map((b) => dayOf(b.start_time)), page };

    if (!parsed.has_more) return;
    const next = parsed.next_page;
    if (next === undefined || next === null || next === "") {
      throw new ProviderError("MALFORMED_RESPONSE", "OpenAI said more costs follow (has_more) but sent no next_page.");
    }
    cursor = sanitizeNextPage(next, client.baseUrl);
    if (seen.has(cursor)) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        "OpenAI returned the same next_page cursor twice for costs; stopping.",
      );
    }
    seen.add(cursor);
    if (page >= MAX_PAGES) {
      throw new ProviderError("MALFORMED_RESPONSE", `OpenAI kept paging costs past ${MAX_PAGES} pages; stopping.`);
    }
  }
}

/** OpenAI's 400 for `group_by=api_key_id` on windows it cannot split by key (before 2025-12-06). */
function refusesApiKeyGrouping(e: unknown): boolean {
  return e instanceof ProviderError && e.httpStatus === 400 && /api_key_id/i.test(e.message);
}

/**
 * Days of the answered buckets that no later page can add to: buckets come in time order, so once
 * a page reaches a day, every earlier day answered so far is complete. Marks them as emitted.
 */
function newlySettled(answered: Set<string>, emitted: Set<string>, before: string | null): string[] {
  const done = [...answered].filter((d) => !emitted.has(d) && (before === null || d < before)).sort();
  done.forEach((d) => emitted.add(d));
  return done;
}

/**
 * The adapter's costPages: by project, line item and API key; when OpenAI refuses the key grouping
 * for this window, the window again without it (with a notice for the run's issues). Pages settle
 * the days OpenAI has finished answering for as they go (the last page the rest), so ingestion can
 * drop rows it no longer reports there and forget a day's lines once it is settled: a year of
 * per-key cost lines is millions of rows, never held at once.
 */
export async function* openAICostPages(
  client: OpenAIClient,
  window: ProviderWindow,
  signal?: AbortSignal,
): AsyncGenerator<CostPage> {
  const base = { startTime: window.start.getTime() / 1000, endTime: window.end.getTime() / 1000, signal };
  const answered = new Set<string>();
  const emitted = new Set<string>();
  let page = 0;
  let notice: string | undefined;
  const pageOf = (p: CostsPage) => {
    p.days.forEach((d) => answered.add(d));
    const latest = p.days.length ? p.days.reduce((a, b) => (b > a ? b : a)) : null;
    const settledDays = latest === null ? [] : newlySettled(answered, emitted, latest);
    return { source: COSTS_SOURCE, page: ++page, records: p.records, settledDays };
  };
  try {
    for await (const p of iterateCostsPages(client, { ...base, groupBy: COSTS_GROUP_BY })) yield pageOf(p);
  } catch (e) {
    if (page > 0 || !refusesApiKeyGrouping(e)) throw e;
    notice =
      `OpenAI would not split the cost of ${window.days[0]} to ${window.days.at(-1)} by API key ` +
      "(it does not for days before 2025-12-06), so that cost was stored per project and line item only.";
    for await (const p of iterateCostsPages(client, { ...base, groupBy: ["project_id", "line_item"] })) {
      yield { ...pageOf(p), ...(page === 1 ? { notice } : {}) };
    }
  }
  yield { source: COSTS_SOURCE, page: ++page, records: [], settledDays: newlySettled(answered, emitted, null) };
}
