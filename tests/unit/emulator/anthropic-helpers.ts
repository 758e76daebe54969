// Helpers for the Anthropic side of the emulator tests: x-api-key calls, paging, ground truth.
import { expect } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import type { AnthropicTotals } from "../../../scripts/emulator/anthropic/totals";

export const VERSION = { "anthropic-version": "2023-06-01" };
export const USAGE = "/v1/organizations/usage_report/messages";
export const COST = "/v1/organizations/cost_report";
export const WINDOW = { starting_at: "2025-02-25T00:00:00Z", ending_at: "2025-03-22T00:00:00Z" }; // beyond both ends

export interface ReportPage {
  data: Array<{ starting_at: string; ending_at: string; results: Array<Record<string, unknown>> }>;
  has_more: boolean;
  next_page: string | null;
}

export function anthropicAdminKey(emulator: EmulatorHandle): string {
  return emulator.dataset.anthropic!.credentials.find((c) => c.kind === "admin")!.key;
}

export function call(
  emulator: EmulatorHandle,
  path: string,
  key: string | null,
  headers: Record<string, string> = VERSION,
) {
  return fetch(`${emulator.anthropicUrl}${path}`, { headers: { ...(key ? { "x-api-key": key } : {}), ...headers } });
}

export async function allPages(emulator: EmulatorHandle, path: string, params: URLSearchParams): Promise<ReportPage[]> {
  const pages: ReportPage[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const query = new URLSearchParams(params);
    if (cursor) query.set("page", cursor);
    const response = await call(emulator, `${path}?${query}`, anthropicAdminKey(emulator));
    if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
    const page = (await response.json()) as ReportPage;
    pages.push(page);
    if (!page.has_more) return pages;
    cursor = page.next_page;
  }
  throw new Error("paging did not end");
}

export const results = (pages: ReportPage[]) => pages.flatMap((p) => p.data.flatMap((b) => b.results));
export const sum = (rows: Array<Record<string, unknown>>, pick: (r: Record<string, unknown>) => unknown) =>
  rows.reduce((acc, r) => acc + ((pick(r) as number | undefined) ?? 0), 0);

export async function truth(emulator: EmulatorHandle, query: string): Promise<AnthropicTotals> {
  const response = await fetch(`${emulator.origin}/__emulator/anthropic/totals?${query}`);
  expect(response.status).toBe(200);
  return (await response.json()) as AnthropicTotals;
}
