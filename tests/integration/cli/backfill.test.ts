import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { parseBackfillArgs, planBackfill, type BackfillPlan } from "../../../scripts/backfill/args";
import { exitCodeFor, resolveBackfillOrgs, runBackfill, type BackfillAudit } from "../../../scripts/backfill/run";
import { computeUsageTotals } from "../../../scripts/emulator/dataset";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { UsageError } from "../../../scripts/lib/runtime";
import { rowsOf, type DbHandle } from "@/db/types";
import type { AppConfig } from "@/lib/env";
import { configureLogger } from "@/lib/logger";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { adminCredential, emulatorConfig, orgWithAdminKey } from "../ingestion/harness";
import { actorFor, createTestDb, createTestOrg, createTestUser } from "../test-db";
import { CLI_NOW, CLI_WINDOW, daysBetween, startCliEmulator, storedDays, tempDir, usageRowsOf } from "./helpers";

let handle: DbHandle;
let emulator: EmulatorHandle;
let config: AppConfig;
let auditDir: string;
/** The reference: the whole window in one ingestion run. */
let reference: string[];

const plan30 = (extra: string[] = []): BackfillPlan =>
  planBackfill(parseBackfillArgs(["--start", CLI_WINDOW.start, "--end", CLI_WINDOW.end, ...extra]), CLI_NOW);

/** The failures these tests cause on purpose are logged by the entry point; keep them out of the test output. */
const logs: string[] = [];

beforeAll(async () => {
  configureLogger({ sink: (line) => logs.push(line) });
  handle = await createTestDb();
  emulator = await startCliEmulator();
  config = emulatorConfig(emulator);
  auditDir = tempDir("audit");
  const { org } = await orgWithAdminKey(handle.db, emulator);
  const single = await fetchAndStoreUsageForOrg(handle.db, org.id, { ...CLI_WINDOW, trigger: "api" }, { config });
  expect(single.status).toBe("succeeded");
  reference = await usageRowsOf(handle.db, org.id);
});
afterAll(async () => {
  configureLogger({ sink: (line) => process.stderr.write(line + "\n") });
  await emulator?.close();
  await handle?.close();
});

describe("usage backfill against the emulator", () => {
  it("30 days in chunks of 7 stores exactly what one 30-day ingest stores: no duplicates, no gaps", async () => {
    const { org } = await orgWithAdminKey(handle.db, emulator);
    const plan = plan30(["--label", "cli test/30 days"]);
    expect(plan.chunks.map((c) => c.days.length)).toEqual([7, 7, 7, 7, 2]);
    const lines: string[] = [];
    const summary = await runBackfill(handle.db, plan, [{ id: org.id, name: org.name }], {
      auditDir,
      deps: { config },
      onStep: (r, total) => lines.push(`${r.index}/${total} ${r.state}`),
    });

    expect(summary.status).toBe("succeeded");
    expect(exitCodeFor(summary)).toBe(0);
    expect(lines).toEqual(["1/5 ok", "2/5 ok", "3/5 ok", "4/5 ok", "5/5 ok"]);
    expect(summary.window).toEqual({ start: CLI_WINDOW.start, end: CLI_WINDOW.end, days: 30 });
    expect(summary.runIds).toHaveLength(5);
    expect(summary.telemetry.windowsProcessed).toBe(30);
    expect(summary.telemetry.keysFailed).toBe(0);

    const rows = await usageRowsOf(handle.db, org.id);
    expect(rows).toEqual(reference);
    expect(new Set(rows).size).toBe(rows.length);
    expect(summary.telemetry.rowsInserted).toBe(rows.length);
    expect(await storedDays(handle.db, org.id)).toEqual(daysBetween(CLI_WINDOW.start, CLI_WINDOW.end));

    // The provider's own totals for the window, straight from the dataset.
    const truth = computeUsageTotals(emulator.dataset, CLI_WINDOW);
    const [stored] = rowsOf<{ input: number; requests: number }>(
      await handle.db.execute(sql`select sum(input_tokens)::float8 as input, sum(requests)::float8 as requests
        from usage_events where org_id = ${org.id}::uuid`),
    );
    expect(Number(stored!.input)).toBe(truth.completions.totals.input_tokens + truth.embeddings.totals.input_tokens);
    expect(Number(stored!.requests)).toBe(
      truth.completions.totals.num_model_requests + truth.embeddings.totals.num_model_requests,
    );

    // One run-log row per chunk, labelled, and an audit file under the sanitized label.
    const runs = rowsOf<{ trigger: string; label: string; status: string }>(
      await handle.db.execute(sql`select trigger, label, status from ingestion_runs where org_id = ${org.id}::uuid`),
    );
    expect(runs).toHaveLength(5);
    expect(
      runs.every((r) => r.trigger === "backfill" && r.label === "cli test/30 days" && r.status === "succeeded"),
    ).toBe(true);
    expect(summary.auditFile && path.basename(summary.auditFile)).toBe("cli-test-30-days.json");
    const audit = JSON.parse(readFileSync(path.join(auditDir, "cli-test-30-days.json"), "utf8")) as BackfillAudit;
    expect(audit.results.map((r) => `${r.start}..${r.end}`)).toEqual([
      "2026-10-02..2026-10-08",
      "2026-10-09..2026-10-15",
      "2026-10-16..2026-10-22",
      "2026-10-23..2026-10-29",
      "2026-10-30..2026-10-31",
    ]);
    expect(audit.telemetry.rowsInserted).toBe(rows.length);
    expect(audit.results.reduce((sum, r) => sum + r.telemetry!.rowsFetched, 0)).toBe(audit.telemetry.rowsFetched);
  });

  it("a backfill killed part-way, then run again in full, ends exactly like a clean run", async () => {
    const { org } = await orgWithAdminKey(handle.db, emulator);
    const orgs = [{ id: org.id, name: org.name }];
    const plan = plan30();

    // Killed after two chunks: only those ran.
    const first = await runBackfill(handle.db, { ...plan, chunks: plan.chunks.slice(0, 2) }, orgs, {
      auditDir,
      deps: { config },
    });
    expect(first.status).toBe("succeeded");
    expect(await storedDays(handle.db, org.id)).toEqual(daysBetween("2026-10-02", "2026-10-15"));

    // Ctrl-C in the middle of chunk 3, after its first page was stored.
    const controller = new AbortController();
    const second = await runBackfill(handle.db, plan, orgs, {
      auditDir,
      deps: { config },
      signal: controller.signal,
      onProgress: (_page, _rows, step) => {
        if (step.index === 3) controller.abort();
      },
    });
    expect(second.status).toBe("interrupted");
    expect(exitCodeFor(second)).toBe(130);
    expect(second.steps).toMatchObject({ total: 5, ok: 2, interrupted: 1, notRun: 2 });
    const audit = JSON.parse(readFileSync(path.join(auditDir, `${plan.fileLabel}.json`), "utf8")) as BackfillAudit;
    expect(audit.results.map((r) => r.state)).toEqual(["ok", "ok", "interrupted", "not-run", "not-run"]);
    expect(second.telemetry.rowsInserted).toBeGreaterThan(0);

    // The same command again finishes the job; repeated chunks change nothing.
    const third = await runBackfill(handle.db, plan, orgs, { auditDir, deps: { config } });
    expect(third.status).toBe("succeeded");
    expect(await usageRowsOf(handle.db, org.id)).toEqual(reference);
    const again = await runBackfill(handle.db, plan, orgs, { auditDir, deps: { config } });
    expect(again.telemetry.rowsInserted).toBe(0);
    expect(again.telemetry.rowsUpdated).toBe(0);
    expect(again.telemetry.rowsUnchanged).toBe(reference.length);
  });

  it("a chunk that fails for an organization is reported, the rest still run, and the exit code is 1", async () => {
    const flakyKey = "sk-admin-cli-flaky-000000000001";
    emulator.registerKey({ key: flakyKey, kind: "admin" });
    emulator.setFaults([{ key: flakyKey, fault: "unauthorized", count: 1 }]);
    const { org: flaky } = await orgWithAdminKey(handle.db, emulator, flakyKey);
    const { org: fine } = await orgWithAdminKey(handle.db, emulator);
    const plan = planBackfill(parseBackfillArgs(["--start", "2026-10-20", "--end", "2026-10-31"]), CLI_NOW);
    const summary = await runBackfill(
      handle.db,
      plan,
      [
        { id: flaky.id, name: flaky.name },
        { id: fine.id, name: fine.name },
      ],
      { auditDir, deps: { config } },
    );
    emulator.clearFaults();

    expect(summary.status).toBe("failed");
    expect(exitCodeFor(summary)).toBe(1);
    expect(summary.steps).toMatchObject({ total: 4, ok: 3, failed: 1 });
    expect(summary.failures).toEqual([
      { step: 1, range: "2026-10-20..2026-10-26", org: flaky.name, error: expect.stringMatching(/^AUTH_FAILED: /) },
    ]);
    expect(summary.telemetry.issues.map((i) => i.code)).toContain("AUTH_FAILED");
    expect(logs.some((l) => l.includes('"code":"AUTH_FAILED"'))).toBe(true);
    expect(await storedDays(handle.db, flaky.id)).toEqual(daysBetween("2026-10-27", "2026-10-31"));
    expect(await storedDays(handle.db, fine.id)).toEqual(daysBetween("2026-10-20", "2026-10-31"));
  });

  it("a dry run fetches every chunk and stores nothing", async () => {
    const { org } = await orgWithAdminKey(handle.db, emulator);
    const summary = await runBackfill(
      handle.db,
      plan30(["--dry-run", "--chunk-days", "10"]),
      [{ id: org.id, name: org.name }],
      {
        auditDir: null,
        deps: { config },
      },
    );
    expect(summary.status).toBe("succeeded");
    expect(summary.chunks).toBe(3);
    expect(summary.auditFile).toBeNull();
    expect(summary.telemetry.rowsFetched).toBeGreaterThanOrEqual(reference.length);
    expect(summary.telemetry.rowsInserted).toBe(0);
    expect(await usageRowsOf(handle.db, org.id)).toEqual([]);
  });

  it("finds organizations by name or id and a user's personal one, refuses unknown ones and ones without keys", async () => {
    const { org } = await orgWithAdminKey(handle.db, emulator);
    const found = [{ id: org.id, name: org.name }];
    expect(await resolveBackfillOrgs(handle.db, { org: org.name.toUpperCase() })).toEqual(found);
    expect(await resolveBackfillOrgs(handle.db, { org: org.id })).toEqual(found);
    await expect(resolveBackfillOrgs(handle.db, { org: "No such org" })).rejects.toThrow(
      new UsageError('no organization matches --org "No such org" (give an organization\'s name or id)'),
    );

    const person = await createTestUser(handle.db, "person");
    const personal = await ensurePersonalOrganization(handle.db, person);
    await createKey(
      handle.db,
      actorFor(person, personal, "owner"),
      createKeySchema.parse({ provider: "openai", label: "Mine", usageMode: "admin", ...adminCredential(emulator) }),
    );
    expect(await resolveBackfillOrgs(handle.db, { user: person.email.toUpperCase() })).toEqual([
      { id: personal.id, name: personal.name },
    ]);
    await expect(resolveBackfillOrgs(handle.db, { user: "nobody@example.com" })).rejects.toThrow(
      new UsageError('no user matches --user "nobody@example.com" (give an account email or user id)'),
    );

    const keyless = await createTestOrg(handle.db, "owner", "keyless");
    await expect(resolveBackfillOrgs(handle.db, { org: keyless.org.id })).rejects.toThrow(
      /has no provider keys to backfill/,
    );
    const everyone = (await resolveBackfillOrgs(handle.db)).map((o) => o.id);
    expect(everyone).toContain(org.id);
    expect(everyone).toContain(personal.id);
    expect(everyone).not.toContain(keyless.org.id);
    expect(existsSync(auditDir)).toBe(true);
  });
});
