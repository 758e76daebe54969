import { generateDataset, type DatasetOptions } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle, type EmulatorOptions } from "../../../scripts/emulator/server";

export const SMALL: DatasetOptions = {
  seed: 7,
  projects: 3,
  apiKeysPerProject: 4,
  users: 6,
  models: 5,
  days: 20,
  endDate: "2025-03-20",
  density: 0.5,
};

export const DAY = 86_400;
export const unix = (date: string): number => Date.parse(`${date}T00:00:00Z`) / 1000;

export async function startSmall(
  overrides: Partial<EmulatorOptions> = {},
  data: Partial<DatasetOptions> = {},
): Promise<EmulatorHandle> {
  return startEmulator({
    dataset: generateDataset({ ...SMALL, ...data }),
    now: () => Date.parse("2025-03-21T12:00:00Z"),
    ...overrides,
  });
}

export function adminKey(emulator: EmulatorHandle): string {
  return emulator.dataset.credentials.find((c) => c.kind === "admin")!.key;
}

export function standardKey(emulator: EmulatorHandle): string {
  return emulator.dataset.credentials.find((c) => c.kind === "standard")!.key;
}

export async function get(url: string, key: string | null, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, { headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...headers } });
}

export interface UsagePage {
  object: string;
  data: Array<{ object: string; start_time: number; end_time: number; results: Array<Record<string, unknown>> }>;
  has_more: boolean;
  next_page: string | null;
}

/** Follows next_page until has_more is false; returns every page. */
export async function allPages(
  emulator: EmulatorHandle,
  path: string,
  params: URLSearchParams,
  key: string,
): Promise<UsagePage[]> {
  const pages: UsagePage[] = [];
  let cursor: string | null = null;
  for (let guard = 0; guard < 10_000; guard++) {
    const query = new URLSearchParams(params);
    if (cursor) query.set("page", cursor);
    const response = await get(`${emulator.url}${path}?${query}`, key);
    if (response.status !== 200) throw new Error(`${response.status}: ${await response.text()}`);
    const page = (await response.json()) as UsagePage;
    pages.push(page);
    if (!page.has_more) return pages;
    cursor = page.next_page;
  }
  throw new Error("pagination did not terminate");
}

export function sumResults(pages: UsagePage[], field: string): number {
  let total = 0;
  for (const page of pages)
    for (const bucket of page.data) for (const r of bucket.results) total += (r[field] as number | undefined) ?? 0;
  return total;
}
