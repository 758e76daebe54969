import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { COMPLETION_MODELS } from "../../../scripts/emulator/catalog";
import { OPENAI_PRICES } from "../../../scripts/emulator/openai-prices";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { JsonNumberText, parseJsonKeepingNumbers } from "@/lib/http-client/lossless-json";
import { formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";
import { adminKey, DAY, get, startSmall, standardKey, unix } from "./helpers";

// Dates after 2025-12-06 so that grouping by api_key_id is allowed.
const DATA = { endDate: "2025-12-20", days: 20 };
const COSTS = "/organization/costs";

interface CostsPage {
  data: {
    start_time: JsonNumberText;
    results: { project_id: string | null; amount: { value: JsonNumberText | string; currency: string } }[];
  }[];
  has_more: boolean;
  next_page: string | null;
}

const valueText = (v: JsonNumberText | string) => (typeof v === "string" ? v : v.text);
const canonical = (d: string) => formatDecimal(parseDecimal(d)!);

describe("emulator: /v1/organization/costs", () => {
  let emulator: EmulatorHandle;
  let key: string;
  beforeAll(async () => {
    emulator = await startSmall({ maxResultsPerPage: 40, now: () => Date.parse("2025-12-21T12:00:00Z") }, DATA);
    key = adminKey(emulator);
  });
  afterAll(() => emulator.close());

  async function pages(query: string): Promise<CostsPage[]> {
    const out: CostsPage[] = [];
    let page: string | null = null;
    do {
      const res = await get(`${emulator.url}${COSTS}?${query}${page ? `&page=${encodeURIComponent(page)}` : ""}`, key);
      expect(res.status).toBe(200);
      const body = parseJsonKeepingNumbers(await res.text()) as CostsPage;
      out.push(body);
      page = body.has_more ? body.next_page : null;
    } while (page && out.length < 100);
    return out;
  }

  it("pages through every day (results split across pages) and sums to the ground truth", async () => {
    const start = unix("2025-12-08");
    const end = unix("2025-12-11");
    const query = `start_time=${start}&end_time=${end}&limit=180&group_by[]=project_id&group_by[]=line_item&group_by[]=api_key_id`;
    const all = await pages(query);
    expect(all.length).toBeGreaterThan(1);
    const perDayProject = new Map<string, string[]>();
    for (const p of all) {
      expect(p.data.length).toBeLessThanOrEqual(31);
      for (const b of p.data) {
        const day = new Date(Number(b.start_time.text) * 1000).toISOString().slice(0, 10);
        for (const r of b.results) {
          const k = `${day}|${r.project_id}`;
          perDayProject.set(k, [...(perDayProject.get(k) ?? []), valueText(r.amount.value)]);
        }
      }
    }
    const res = await fetch(
      `${emulator.origin}/__emulator/costs/totals?start=2025-12-08&end=2025-12-10&group_by=project_id,line_item,api_key_id`,
    );
    const truth = (await res.json()) as { rows: { day: string; project_id: string; amount: string; exact: string }[] };
    expect(truth.rows.length).toBeGreaterThan(3);
    expect(new Map([...perDayProject].map(([k, v]) => [k, canonical(sumDecimals(v))]))).toEqual(
      new Map(truth.rows.map((r) => [`${r.day}|${r.project_id}`, canonical(r.amount)])),
    );
    // Float noise is tiny: the served sum and the price list's exact sum agree to a millionth of a cent.
    for (const r of truth.rows) {
      const gap = parseDecimal(sumDecimals([r.amount, `-${r.exact}`]))!;
      expect(Math.abs(Number(formatDecimal(gap)))).toBeLessThan(1e-8);
    }
  });

  it("serves amounts as strings, long float-noise numbers and short numbers, currency usd or USD", async () => {
    const [page] = await pages(
      `start_time=${unix("2025-12-10")}&end_time=${unix("2025-12-13")}&limit=3&group_by[]=project_id&group_by[]=line_item`,
    );
    const values = page!.data.flatMap((b) => b.results.map((r) => r.amount));
    expect(values.length).toBeGreaterThan(5);
    expect(values.some((v) => typeof v.value === "string")).toBe(true);
    expect(values.some((v) => v.value instanceof JsonNumberText && v.value.text.length > 19)).toBe(true);
    expect(new Set(values.map((v) => v.currency))).toEqual(new Set(["usd", "USD"]));
  });

  it("answers limit over 180 and api_key_id grouping before 2025-12-06 with OpenAI's 400", async () => {
    const over = await get(`${emulator.url}${COSTS}?start_time=${unix("2025-12-10")}&limit=181`, key);
    expect(over.status).toBe(400);
    expect(((await over.json()) as { error: { message: string } }).error.message).toBe(
      "Limit must be less than or equal to 180.",
    );
    const early = await get(`${emulator.url}${COSTS}?start_time=${unix("2025-12-05")}&group_by[]=api_key_id`, key);
    expect(early.status).toBe(400);
    expect(await early.json()).toMatchObject({ error: { param: "group_by", type: "invalid_request_error" } });
    const sameWindowWithoutKeys = await get(
      `${emulator.url}${COSTS}?start_time=${unix("2025-12-05")}&group_by[]=project_id`,
      key,
    );
    expect(sameWindowWithoutKeys.status).toBe(200);
  });

  it("is an admin endpoint: a standard key gets 403", async () => {
    const res = await get(`${emulator.url}${COSTS}?start_time=${unix("2025-12-10")}`, standardKey(emulator));
    expect(res.status).toBe(403);
  });

  it("applies an adjustment to the served data and the ground truth alike, and forgets it on DELETE", async () => {
    const url = `${emulator.origin}/__emulator/costs/totals?start=2025-12-12&end=2025-12-12&group_by=project_id`;
    const before = (await (await fetch(url)).json()) as { total: string };
    const post = await fetch(`${emulator.origin}/__emulator/costs/adjustments`, {
      method: "POST",
      body: JSON.stringify({
        day: "2025-12-12",
        project_id: "proj_x",
        api_key_id: null,
        line_item: "x, input",
        amount: "0.25",
      }),
    });
    expect(post.status).toBe(200);
    const after = (await (await fetch(url)).json()) as {
      total: string;
      rows: { project_id: string; amount: string }[];
    };
    expect(canonical(after.total)).toBe(canonical(sumDecimals([before.total, "0.25"])));
    const [served] = await pages(
      `start_time=${unix("2025-12-12")}&end_time=${unix("2025-12-13")}&limit=1&group_by[]=project_id&project_ids[]=proj_x`,
    );
    expect(served!.data[0]!.results.map((r) => canonical(valueText(r.amount.value)))).toEqual(["0.25"]);
    await fetch(`${emulator.origin}/__emulator/costs/adjustments`, { method: "DELETE" });
    expect(((await (await fetch(url)).json()) as { total: string }).total).toBe(before.total);
    const bad = await fetch(`${emulator.origin}/__emulator/costs/adjustments`, {
      method: "POST",
      body: JSON.stringify({ day: "2025-12-12", project_id: null, api_key_id: null, line_item: "x", amount: "1e3" }),
    });
    expect(bad.status).toBe(400);
  });

  it("prices every catalog model", () => {
    const missing = COMPLETION_MODELS.map((m) => m.name).filter((name) => !OPENAI_PRICES[name]);
    expect(COMPLETION_MODELS.length).toBeGreaterThan(0);
    expect(missing).toEqual([]);
  });

  it("holds at most 31 buckets per page even when limit allows 180", async () => {
    const res = await get(
      `${emulator.url}${COSTS}?start_time=${unix("2025-10-01")}&end_time=${unix("2025-11-20")}&limit=180`,
      key,
    );
    const body = parseJsonKeepingNumbers(await res.text()) as CostsPage;
    expect(body.data).toHaveLength(31);
    expect(body.has_more).toBe(true);
  });

  it("covers the window one day at a time when no end_time is given (until now)", async () => {
    const all = await pages(`start_time=${unix("2025-12-19")}&limit=7`);
    const starts = all.flatMap((p) => p.data.map((b) => Number(b.start_time.text)));
    expect(starts).toEqual([unix("2025-12-19"), unix("2025-12-19") + DAY, unix("2025-12-19") + 2 * DAY]);
  });
});
