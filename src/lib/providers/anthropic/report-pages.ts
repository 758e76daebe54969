import type { z } from "zod";
import { sanitizeNextPageCursor } from "@/lib/providers/next-page";
import { ProviderError } from "@/lib/providers/types";
import type { AnthropicClient, Query } from "./client";
import { parseOrMalformed } from "./schemas";

export const MAX_DAILY_BUCKETS = 31;
const MAX_PAGES = 1000;

export interface ReportWindow {
  /** Inclusive; a UTC midnight for daily buckets. */
  start: Date;
  /** Exclusive. */
  end: Date;
  /** Daily buckets per page, 1..31 (default 31). */
  limit?: number;
  signal?: AbortSignal;
}

export interface ReportPage<R> {
  records: R[];
  /** 1-based page number. */
  page: number;
}

/** RFC 3339 without the milliseconds the API never uses: 2025-03-01T00:00:00Z. */
export const rfc3339 = (d: Date) => d.toISOString().replace(/\.000Z$/, "Z");

/**
 * Walks one of the Admin API reports (`page`/`next_page`, daily buckets), one yield per response
 * page. A next_page is only followed under /v1/organizations on the configured origin.
 */
export async function* iterateReportPages<S extends z.ZodType<{ has_more: boolean; next_page?: unknown }>, R>(
  client: AnthropicClient,
  report: { path: string; what: string; schema: S; query: Query; toRecords: (page: z.output<S>) => R[] },
  window: ReportWindow,
): AsyncGenerator<ReportPage<R>> {
  const limit = window.limit ?? MAX_DAILY_BUCKETS;
  validateWindow(window, limit);
  const scope = `${client.baseUrl}/v1/organizations`;
  const seen = new Set<string>();
  let cursor: string | undefined;
  for (let page = 1; ; page++) {
    const body = await client.getJson(
      report.path,
      {
        starting_at: rfc3339(window.start),
        ending_at: rfc3339(window.end),
        bucket_width: "1d",
        limit,
        ...report.query,
        page: cursor,
      },
      { signal: window.signal },
    );
    const parsed = parseOrMalformed(report.schema, body, `the ${report.what} (page ${page})`);
    yield { records: report.toRecords(parsed), page };

    if (!parsed.has_more) return;
    const next = parsed.next_page;
    if (next === undefined || next === null || next === "") {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `Anthropic said more of the ${report.what} follows (has_more) but sent no next_page.`,
      );
    }
    cursor = sanitizeNextPageCursor(next, scope, "Anthropic");
    if (seen.has(cursor)) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `Anthropic returned the same next_page cursor twice for the ${report.what}; stopping.`,
      );
    }
    seen.add(cursor);
    if (page >= MAX_PAGES) {
      throw new ProviderError(
        "MALFORMED_RESPONSE",
        `Anthropic kept paging the ${report.what} past ${MAX_PAGES} pages; stopping.`,
      );
    }
  }
}

function validateWindow(w: ReportWindow, limit: number): void {
  const start = w.start.getTime();
  const end = w.end.getTime();
  if (!Number.isFinite(start) || !Number.isFinite(end) || end <= start) {
    throw new ProviderError("BAD_REQUEST", "The report window needs valid times with the end after the start.");
  }
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_DAILY_BUCKETS) {
    throw new ProviderError(
      "BAD_REQUEST",
      `limit must be a whole number from 1 to ${MAX_DAILY_BUCKETS} for daily buckets.`,
    );
  }
}
