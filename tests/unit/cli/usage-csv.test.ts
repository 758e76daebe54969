import { describe, expect, it } from "vitest";
import { diffUsage } from "../../../scripts/diff/compare";
import { parseTimestamp, parseUsageCsv, toUsageCsv, type UsageRow } from "../../../scripts/diff/csv";
import { parseDiffArgs } from "../../../scripts/diff/run";
import { UsageError } from "../../../scripts/lib/runtime";

const row = (over: Partial<UsageRow> = {}): UsageRow => ({
  day: "2026-10-01",
  startTime: 1790812800,
  endTime: 1790899200,
  projectId: "proj_1",
  apiKeyId: "key_1",
  userId: "user_1",
  model: "gpt-4o",
  batch: false,
  serviceTier: "default",
  inputTokens: 100,
  outputTokens: 20,
  inputCachedTokens: 5,
  numModelRequests: 3,
  ...over,
});

describe("parseUsageCsv", () => {
  it("reads OpenAI export columns in any case, unix or ISO times, empty cells as null", () => {
    const csv = [
      "\uFEFFStart_Time,END_TIME,Project_ID,api_key_id,user_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,num_model_requests",
      "1790812800,1790899200,proj_1,key_1,user_1,gpt-4o,false,default,100,20,5,3",
      '2026-10-02,,proj_1,key_1,,"gpt-4o",TRUE,,"1,000",,,1',
      "",
      "2026-10-03T00:00:00Z,,proj_2,key_2,user_2,gpt-4o-mini,,flex,7,8,0,2",
    ].join("\r\n");
    const { rows } = parseUsageCsv(csv);
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ day: "2026-10-01", endTime: 1790899200, batch: false, inputTokens: 100, line: 2 });
    expect(rows[1]).toMatchObject({
      day: "2026-10-02",
      endTime: null,
      userId: null,
      batch: true,
      serviceTier: null,
      inputTokens: 1000,
      outputTokens: null,
      line: 3,
    });
    expect(rows[2]).toMatchObject({ day: "2026-10-03", batch: null, serviceTier: "flex", line: 5 });
  });

  it("accepts start_time_iso or date when start_time is missing, and aliases of the counters", () => {
    const { rows } = parseUsageCsv("date,model,project_id,requests\n2026-10-05,m,p,4\n");
    expect(rows[0]).toMatchObject({ day: "2026-10-05", numModelRequests: 4, inputTokens: null });
    const iso = parseUsageCsv("start_time_iso,input_tokens\n2026-10-05 23:59:00,1\n");
    expect(iso.rows[0]!.day).toBe("2026-10-05");
  });

  it("names the line and column of a bad cell", () => {
    expect(() => parseUsageCsv("start_time,input_tokens\n1790812800,12a\n")).toThrow(
      new UsageError('line 2: input_tokens "12a" is not a number'),
    );
    expect(() => parseUsageCsv("start_time,input_tokens\nyesterday,1\n")).toThrow(/line 2: the start time "yesterday"/);
    expect(() => parseUsageCsv("start_time,batch,input_tokens\n1790812800,maybe,1\n")).toThrow(/line 2: batch "maybe"/);
    expect(() => parseUsageCsv("model,input_tokens\nm,1\n")).toThrow(
      /no start_time .* columns are: model, input_tokens/,
    );
    expect(() => parseUsageCsv("start_time,model\n1,m\n")).toThrow(/is it a usage export/);
    expect(() => parseUsageCsv("")).toThrow(/empty/);
  });

  it("parses timestamps as UTC", () => {
    expect(parseTimestamp("1790812800")).toBe(1790812800);
    expect(parseTimestamp("1790812800000")).toBe(1790812800);
    expect(parseTimestamp("2026-10-01")).toBe(1790812800);
    expect(parseTimestamp("2026-10-01T00:00:00")).toBe(1790812800);
    expect(parseTimestamp("2026-10-01T02:00:00+02:00")).toBe(1790812800);
    expect(parseTimestamp("Oct 1")).toBeNull();
  });
});

describe("toUsageCsv", () => {
  it("writes what parseUsageCsv reads back, quoting where needed", () => {
    const rows = [row(), row({ model: 'odd, "quoted" model', batch: null, serviceTier: null, userId: null })];
    const text = toUsageCsv(rows);
    expect(text.split("\n")[0]).toBe(
      "start_time,end_time,start_time_iso,end_time_iso,project_id,api_key_id,user_id,model,batch,service_tier,input_tokens,output_tokens,input_cached_tokens,num_model_requests",
    );
    expect(text.split("\n")[1]).toBe(
      "1790812800,1790899200,2026-10-01T00:00:00Z,2026-10-02T00:00:00Z,proj_1,key_1,user_1,gpt-4o,false,default,100,20,5,3",
    );
    const back = parseUsageCsv(text).rows.map(({ line: _line, ...r }) => r);
    expect(back).toEqual(rows);
  });
});

describe("diffUsage", () => {
  it("sums service tiers, and reports missing, extra and changed groups field by field", () => {
    const csv = [
      row({ serviceTier: "default" }),
      row({ serviceTier: "flex", inputTokens: 50 }),
      row({ model: "only-in-csv" }),
      row({ model: "changed", outputTokens: 10 }),
      row({ userId: null }),
      row({ projectId: null }),
    ];
    const db = [
      row({ serviceTier: null, inputTokens: 150, outputTokens: 40, inputCachedTokens: 10, numModelRequests: 6 }),
      row({ model: "only-in-db" }),
      row({ model: "changed", outputTokens: 12, numModelRequests: 4 }),
      row({ apiKeyId: null }),
      row({ simulated: true }),
    ];
    const r = diffUsage(csv, db);
    expect(r.csvRows).toBe(6);
    expect(r.dbRows).toBe(5);
    expect(r.skipped).toEqual({ csv: 2, db: 2 });
    expect(r.compared).toBe(2);
    expect(r.missingInDb.map((m) => m.model)).toEqual(["only-in-csv"]);
    expect(r.extraInDb.map((m) => m.model)).toEqual(["only-in-db"]);
    expect(r.mismatched).toEqual([
      { ...r.mismatched[0], model: "changed", field: "output_tokens", csv: 10, db: 12, diff: 2 },
      { ...r.mismatched[1], model: "changed", field: "num_model_requests", csv: 3, db: 4, diff: 1 },
    ]);
    expect(r.summary).toMatchObject({ ok: false, differences: 3, mismatchedGroups: 1, mismatchedFields: 2 });
    expect(r.summary.message).toMatch(/^3 difference\(s\)/);
    expect(r.summary.message).toContain("2 CSV row(s), 2 stored row(s) (their totals DIFFER)");
    // Simulated rows are skipped and left out of the skipped totals too.
    expect(r.skippedTotals.csv.input_tokens).toBe(200);
    expect(r.skippedTotals.db.input_tokens).toBe(100);
    expect(r.skippedTotals.equal).toBe(false);
  });

  it("treats a batch of null, false and true as different keys, and empty counters as zero", () => {
    const r = diffUsage(
      [row({ batch: null, outputTokens: null }), row({ batch: true })],
      [row({ batch: null, outputTokens: 0 }), row({ batch: false })],
    );
    expect(r.compared).toBe(1);
    expect(r.mismatched).toEqual([]);
    expect(r.missingInDb.map((m) => m.batch)).toEqual([true]);
    expect(r.extraInDb.map((m) => m.batch)).toEqual([false]);
  });

  it("reports nothing for equal sides", () => {
    const r = diffUsage([row()], [row()]);
    expect(r.summary).toMatchObject({ ok: true, differences: 0 });
    expect(r.summary.message).toBe("No differences: 1 group(s) match.");
  });
});

describe("parseDiffArgs", () => {
  it("needs exactly one of --csv and --write-csv", () => {
    expect(parseDiffArgs(["--csv", "a.csv", "--strict", "--output", "o.json"])).toMatchObject({
      csv: "a.csv",
      strict: true,
      output: "o.json",
    });
    expect(() => parseDiffArgs([])).toThrow(/--csv FILE to compare, or --write-csv FILE/);
    expect(() => parseDiffArgs(["--csv", "a", "--write-csv", "b"])).toThrow(/not both/);
    expect(() => parseDiffArgs(["--write-csv", "b", "--strict"])).toThrow(/only apply to a comparison/);
    expect(() => parseDiffArgs(["--csv", "a", "--start", "2026-13-01"])).toThrow(/--start must be a real date/);
    expect(() => parseDiffArgs(["--csv", "a", "--nope"])).toThrow(new UsageError("unknown option --nope"));
  });
});
