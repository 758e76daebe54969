import { ProviderError, USAGE_ENDPOINTS, type ProviderUsageRecord, type UsageEndpoint } from "@/lib/providers/types";
import type { OpenAIClient } from "./client";
import { sanitizeNextPage } from "./next-page";
import { USAGE_ENDPOINT_SPECS } from "./usage-endpoints";

export type AdminUsageEndpoint = UsageEndpoint;
export { COMPLETIONS_GROUP_BY, EMBEDDINGS_GROUP_BY } from "./usage-endpoints";
const MAX_DAILY_BUCKETS = 31;
const MAX_PAGES = 1000;

export interface AdminUsageQuery {
  endpoint: AdminUsageEndpoint;
  /** Unix seconds, inclusive. */
  startTime: number;
  /** Unix seconds, exclusive. */
  endTime: number;
  /** Daily buckets per page, 1..31 (default 31). */
  limit?: number;
  /** Defaults to every group key the endpoint supports. */
  groupBy?: readonly string[];
  signal?: AbortSignal;
}

export interface AdminUsagePage {
  /** `requests` is null for endpoints that report no request count (vector stores, ...). */
  records: ProviderUsageRecord[];
  /** 1-based page number. */
  page: number;
}

/** Walks `GET /organization/usage/{endpoint}` with 1-day buckets, one yield per response page. */
export async function* iterateAdminUsagePages(
  client: OpenAIClient,
  q: AdminUsageQuery,
): AsyncGenerator<AdminUsagePage> {
  const spec = (USAGE_ENDPOINTS as readonly string[]).includes(q.endpoint) ? USAGE_ENDPOINT_SPECS[q.endpoint] : null;
  if (!spec) throw new ProviderError("BAD_REQUEST", `Unsupported OpenAI usage endpoint: ${String(q.endpoint)}.`);
  const allowed = spec.groupBy;
  const groupBy = q.groupBy ?? allowed;
  const limit = q.limit ?? MAX_DAILY_BUCKETS;
  validate(q, limit, groupBy, allowed);

  const path = `/organization/usage/${q.endpoint}`;
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const body = await client.getJson(
      path,
      { start_time: q.startTime, end_time: q.endTime, bucket_width: "1d", limit, group_by: groupBy, page: cursor },
      { signal: q.signal },
    );
    const { records, hasMore, nextPage } = spec.parse(body, `${q.endpoint} usage (page ${page})`);
    yield { records, page };

    if (!hasMore) return;
    if (nextPage === undefined || nextPage === null || nextPage === "") {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `OpenAI said more ${q.endpoint} usage follows (has_more) but sent no next_page.`,
      );
    }
    cursor = sanitizeNextPage(nextPage, client.baseUrl);
    if (seen.has(cursor)) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `OpenAI returned the same next_page cursor twice for ${q.endpoint} usage; stopping.`,
      );
    }
    seen.add(cursor);
    if (page >= MAX_PAGES) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `OpenAI kept paging ${q.endpoint} usage past ${MAX_PAGES} pages; stopping.`,
      );
    }
  }
}

function validate(q: AdminUsageQuery, limit: number, groupBy: readonly string[], allowed: readonly string[]): void {
  if (!Number.isInteger(q.startTime) || !Number.isInteger(q.endTime) || q.endTime <= q.startTime) {
    throw new ProviderError("BAD_REQUEST", "Usage window needs whole unix seconds with endTime after startTime.");
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DAILY_BUCKETS) {
    throw new ProviderError(
      "BAD_REQUEST",
      `limit must be a whole number from 1 to ${MAX_DAILY_BUCKETS} for daily buckets.`,
    );
  }
  const bad = groupBy.filter((g) => !allowed.includes(g));
  if (bad.length) {
    throw new ProviderError("BAD_REQUEST", `OpenAI ${q.endpoint} usage cannot be grouped by ${bad.join(", ")}.`);
  }
}
