import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseAnthropicUsageCsv, sumAnthropicCsvRows } from "../../../scripts/diff/anthropic-csv";

const FIXTURE = readFileSync("spikes/fixtures/anthropic/console_usage.csv", "utf8");
const REPORT = [
  JSON.parse(readFileSync("spikes/fixtures/anthropic/usage_report.json", "utf8")),
  JSON.parse(readFileSync("spikes/fixtures/anthropic/usage_report_page2.json", "utf8")),
] as Array<{ data: Array<{ starting_at: string; results: Array<Record<string, unknown>> }> }>;

describe("parseAnthropicUsageCsv", () => {
  it("reads the Console export fixture: floats and thousands separators, blank and empty-day rows skipped", () => {
    const { rows, columns } = parseAnthropicUsageCsv(FIXTURE);
    expect(columns[0]).toBe("usage_date_utc");
    expect(rows).toHaveLength(7);
    expect(rows[0]).toMatchObject({
      day: "2025-08-01",
      model: "claude-sonnet-4-20250514",
      workspace: "Support Copilot",
      apiKey: "Support production",
      serviceTier: "standard",
      uncachedInputTokens: 1500,
      cacheWrite5mTokens: 500,
      cacheWrite1hTokens: 1000,
      cacheReadInputTokens: 200,
      inputTokens: 3200,
      webSearchRequests: 10,
      line: 2,
    });
    expect(rows[1]).toMatchObject({ workspace: null, apiKey: null });
    expect(rows[2]).toMatchObject({ serviceTier: "batch", uncachedInputTokens: 40_000, outputTokens: 12_000 });
  });

  it("sums rows split over two lines and then agrees with the usage report fixture per day and model", () => {
    const summed = sumAnthropicCsvRows(parseAnthropicUsageCsv(FIXTURE).rows);
    expect(summed).toHaveLength(6);
    const csv = new Map<string, [number, number]>();
    for (const r of summed) {
      const k = `${r.day} ${r.model}`;
      const [i, o] = csv.get(k) ?? [0, 0];
      csv.set(k, [i + r.inputTokens, o + r.outputTokens]);
    }
    const api = new Map<string, [number, number]>();
    for (const page of REPORT) {
      for (const bucket of page.data) {
        for (const r of bucket.results) {
          const cache = (r.cache_creation ?? {}) as Record<string, number>;
          const input =
            (r.uncached_input_tokens as number) +
            ((r.cache_read_input_tokens as number) ?? 0) +
            (cache.ephemeral_5m_input_tokens ?? 0) +
            (cache.ephemeral_1h_input_tokens ?? 0);
          const k = `${bucket.starting_at.slice(0, 10)} ${r.model as string}`;
          const [i, o] = api.get(k) ?? [0, 0];
          api.set(k, [i + input, o + (r.output_tokens as number)]);
        }
      }
    }
    expect(api.size).toBe(5);
    expect(csv).toEqual(api);
  });

  it("accepts the Admin API's own column names too", () => {
    const { rows } = parseAnthropicUsageCsv(
      "Date,Model,Workspace_ID,API_Key_ID,Service_Tier,uncached_input_tokens,cache_read_input_tokens,cache_creation.ephemeral_5m_input_tokens,cache_creation.ephemeral_1h_input_tokens,output_tokens\n" +
        "2025-08-01T00:00:00Z,claude-haiku-4-5,wrkspc_1,apikey_1,Batch,10,2,3,4,5\n",
    );
    expect(rows[0]).toMatchObject({
      workspace: "wrkspc_1",
      apiKey: "apikey_1",
      serviceTier: "batch",
      inputTokens: 19,
      outputTokens: 5,
    });
  });

  it.each([
    ["", /empty/],
    ["model,output_tokens\nx,1\n", /no usage_date_utc/],
    ["date,model,cost\n2025-08-01,x,1\n", /no token columns/],
    ["date,usage_output_tokens\nyesterday,1\n", /line 2: the date "yesterday" is not a date/],
    ["date,usage_output_tokens\n2025-08-01,12.5\n", /line 2: output tokens "12.5" is not a whole number/],
    ["date,usage_output_tokens\n2025-08-01,-3\n", /not a whole number/],
  ])("refuses %j in plain words", (text, message) => {
    expect(() => parseAnthropicUsageCsv(text)).toThrow(message);
  });
});
