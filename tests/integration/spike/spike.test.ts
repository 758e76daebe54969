import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FixtureValidationError } from "../../../spikes/lib/fixture-check";
import { runAdminIngestionSpike, serializeReport } from "../../../spikes/lib/run-spike";
import { createTestDb } from "../test-db";

const FIXTURES = path.resolve("spikes/fixtures");
const temps: string[] = [];
afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

describe("admin ingestion spike (fixture replay)", () => {
  it("writes byte-identical reports on two runs into two fresh databases", async () => {
    const first = serializeReport(await runAdminIngestionSpike({ fixturesDir: FIXTURES, openDb: createTestDb }));
    const second = serializeReport(await runAdminIngestionSpike({ fixturesDir: FIXTURES, openDb: createTestDb }));
    expect(second).toBe(first);

    const report = JSON.parse(first) as Awaited<ReturnType<typeof runAdminIngestionSpike>>;
    const [main, dual] = report.scenarios;
    // Page 2 of completions is only reachable through page 1's next_page.
    expect(main!.pages.filter((p) => p.endpoint === "completions").map((p) => p.page)).toEqual([1, 2]);
    expect(main!.requests["/organization/usage/completions"]).toBe(2);
    expect(main!.stored.usage_events.by_source).toEqual({ completions: 8, embeddings: 3 });
    expect(dual!.stored.usage_events.by_source.completions).toBe(
      report.fixture_counts.completions.usage_completions_dual.results,
    );
    for (const s of report.scenarios) {
      expect(s.status).toBe("succeeded");
      expect(s.rerun.rowsUnchanged).toBe(s.rerun.rowsFetched);
      expect(s.rerun.rowsInserted + s.rerun.rowsUpdated).toBe(0);
    }
    expect(report.checksums.usage_events.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(first).not.toMatch(/127\.0\.0\.1|durationMs/);
    expect(report.fixtures.validation.warnings.join("\n")).toContain("key_Qa1Ws2Ed3Rf4Tg5Y");

    // Anthropic: both usage pages (the second only through next_page), cost, names; hand-summed totals.
    const a = report.anthropic;
    expect(a.status).toBe("succeeded");
    expect(a.pages.filter((p) => p.endpoint === "messages").map((p) => p.page)).toEqual([1, 2]);
    expect(a.requests["/usage_report/messages"]).toBe(2);
    expect(a.stored.usage_events).toMatchObject({
      total: 6,
      in_fixtures: 6,
      input_tokens: 490_495,
      cached_input_tokens: 180_900,
      output_tokens: 17_830,
      requests_null: 6,
    });
    expect(a.stored.cost_events).toEqual({ total: 5, amount_usd: "26.33466701" });
    expect(a.stored.provider_catalog.by_kind).toEqual({ api_key: 3, project: 2, user: 2 });
    expect(a.rerun).toMatchObject({ status: "succeeded", rowsFetched: 6, rowsUnchanged: 6, rowsInserted: 0 });
    expect(a.checksum.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("fails fast, naming the row, when an Anthropic usage row names a workspace workspaces.json lacks", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-spike-fixtures-"));
    temps.push(dir);
    cpSync(FIXTURES, dir, { recursive: true });
    const file = path.join(dir, "anthropic", "usage_report_page2.json");
    const page = JSON.parse(readFileSync(file, "utf8"));
    page.data[0].results[0].workspace_id = "wrkspc_NotInWorkspacesJson";
    writeFileSync(file, JSON.stringify(page, null, 2));
    let opened = false;
    const run = runAdminIngestionSpike({
      fixturesDir: dir,
      openDb: () => {
        opened = true;
        return createTestDb();
      },
    });
    await expect(run).rejects.toThrow(FixtureValidationError);
    await expect(run).rejects.toThrow(
      /anthropic\/usage_report_page2\.json data\[0\]\.results\[0\].*wrkspc_NotInWorkspacesJson/,
    );
    expect(opened).toBe(false);
  });

  it("fails fast, naming the row and the id, when a usage row's project is not in projects.json", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cognitrack-spike-fixtures-"));
    temps.push(dir);
    cpSync(FIXTURES, dir, { recursive: true });
    const file = path.join(dir, "usage_completions_page2.json");
    const page = JSON.parse(readFileSync(file, "utf8"));
    page.data[0].results[1].project_id = "proj_NotInProjectsJson000000";
    writeFileSync(file, JSON.stringify(page, null, 2));

    let opened = false;
    const run = runAdminIngestionSpike({
      fixturesDir: dir,
      openDb: () => {
        opened = true;
        return createTestDb();
      },
    });
    await expect(run).rejects.toThrow(FixtureValidationError);
    await expect(run).rejects.toThrow(
      /usage_completions_page2\.json data\[0\]\.results\[1\].*proj_NotInProjectsJson000000/,
    );
    expect(opened).toBe(false);
  });
});
