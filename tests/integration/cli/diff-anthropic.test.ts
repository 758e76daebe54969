import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { databaseSource } from "../../../scripts/diff/source";
import { parseDiffArgs, runUsageDiff } from "../../../scripts/diff/run";
import { UsageError } from "../../../scripts/lib/runtime";
import {
  ANTHROPIC_FIXTURE_BASE_URL,
  ANTHROPIC_FIXTURE_KEY,
  anthropicFixtureFetch,
} from "../../../spikes/lib/anthropic-spike";
import { users } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { buildConfig } from "@/lib/env";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { createTestDb } from "../test-db";

// The committed Console-style export and the usage report it was exported beside.
const DIR = "spikes/fixtures/anthropic";
const CSV = readFileSync(`${DIR}/console_usage.csv`, "utf8");
const SUPPORT = "wrkspc_01JwQvzr7rXLA5AGx3HKfFUJ";

let handle: DbHandle;
let orgId: string;

beforeAll(async () => {
  handle = await createTestDb();
  const [user] = await handle.db
    .insert(users)
    .values({ email: `diff-anthropic-${Date.now()}@example.com`, name: "Anthropic diff" })
    .returning();
  const org = await ensurePersonalOrganization(handle.db, user!);
  orgId = org.id;
  await createKey(
    handle.db,
    { userId: user!.id, orgId, role: "owner" },
    createKeySchema.parse({ provider: "anthropic", label: "Admin", apiKey: ANTHROPIC_FIXTURE_KEY }),
  );
  const config = buildConfig({
    NODE_ENV: "test",
    ANTHROPIC_API_BASE_URL: ANTHROPIC_FIXTURE_BASE_URL,
    ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: "60000",
    ANTHROPIC_ADMIN_MAX_BURST: "1000",
  });
  const result = await fetchAndStoreUsageForOrg(
    handle.db,
    orgId,
    { start: "2025-08-01", end: "2025-08-04", trigger: "backfill" },
    { config, fetch: anthropicFixtureFetch(DIR) },
  );
  expect(result.status).toBe("succeeded");
  expect(result.telemetry.rowsInserted).toBe(6);
});
afterAll(async () => {
  await handle?.close();
});

const diff = (csvText: string) =>
  runUsageDiff(databaseSource(handle.db), { provider: "anthropic", csvText, org: orgId });

describe("usage:diff --provider anthropic (Console CSV export)", () => {
  it("the Console export of the same usage matches per day, model and workspace (names resolved to ids)", async () => {
    const report = await diff(CSV);
    expect(report.window).toEqual({ start: "2025-08-01", end: "2025-08-03" });
    expect(report.csvRows).toBe(7);
    expect(report.dbRows).toBe(6);
    expect(report.compared).toBe(5);
    expect(report.unknownWorkspaces).toEqual([]);
    expect(report.summary).toMatchObject({ ok: true, differences: 0, mismatchedFields: 0 });
    expect(report.summary.message).toBe("No differences: 5 group(s) match.");
  });

  it("a tampered export shows the changed number, the unknown workspace and the missing row", async () => {
    const lines = CSV.split("\n");
    const tampered = lines
      // 2025-08-03: output 120 -> 125
      .map((l) => (l.startsWith("2025-08-03,") ? l.replace(/,120,2$/, ",125,2") : l))
      // the Console-only haiku row moves to a workspace nobody synced
      .map((l) => (l.startsWith("2025-08-01,claude-3-5-haiku") ? l.replace(",Default,", ",Ghost team,") : l))
      // the opus row is left out
      .filter((l) => !l.includes("claude-opus-4-1"));
    const report = await diff(tampered.join("\n"));
    expect(report.mismatched).toEqual([
      {
        day: "2025-08-03",
        model: "claude-sonnet-4-20250514",
        workspace: SUPPORT,
        field: "output_tokens",
        csv: 125,
        db: 120,
        diff: -5,
      },
    ]);
    expect(report.missingInDb).toEqual([
      expect.objectContaining({ day: "2025-08-01", model: "claude-3-5-haiku-20241022", workspace: "Ghost team" }),
    ]);
    expect(report.extraInDb.map((e) => [e.day, e.model, e.workspace])).toEqual([
      ["2025-08-01", "claude-3-5-haiku-20241022", null],
      ["2025-08-02", "claude-opus-4-1-20250805", "wrkspc_01Bq7Yd2Kx9Mw4Rt6Lp3Zs8N"],
    ]);
    expect(report.unknownWorkspaces).toEqual(["Ghost team"]);
    expect(report.summary).toMatchObject({ ok: false, differences: 4, missingInDb: 1, extraInDb: 2 });
    expect(report.summary.message).toMatch(/Ghost team/);
  });

  it("the OpenAI diff of the same organization does not see the Anthropic rows", async () => {
    const report = await runUsageDiff(databaseSource(handle.db), {
      csvText: "start_time,input_tokens\n",
      org: orgId,
      start: "2025-08-01",
      end: "2025-08-04",
    });
    expect(report.dbRows).toBe(0);
    expect(report.summary.ok).toBe(true);
  });

  it("takes --provider anthropic and refuses an unknown provider or an Anthropic --write-csv in plain words", () => {
    expect(parseDiffArgs(["--provider", "anthropic", "--csv", "export.csv"])).toMatchObject({
      provider: "anthropic",
      csv: "export.csv",
    });
    expect(parseDiffArgs(["--csv", "export.csv"]).provider).toBe("openai");
    expect(() => parseDiffArgs(["--provider", "mistral", "--csv", "x.csv"])).toThrow(
      new UsageError('--provider must be one of: openai, anthropic (got "mistral")'),
    );
    expect(() => parseDiffArgs(["--provider", "anthropic", "--write-csv", "x.csv"])).toThrow(UsageError);
  });
});
