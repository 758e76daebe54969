/**
 * usage:diff through the running app (GET /api/usage/parity, served here by its src/lib reader
 * behind a stand-in fetch) gives exactly the report of the diff on the database; the reader sums
 * exactly, answers for the caller's organization only, and the CLI refuses in plain words what
 * the app refuses or what a token cannot read.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCostDiff } from "../../../scripts/diff/cost-csv";
import { runUsageDiff, writeStoredCsv } from "../../../scripts/diff/run";
import { appSource, databaseSource } from "../../../scripts/diff/source";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { CliFailure, UsageError } from "../../../scripts/lib/runtime";
import { rowsOf, type DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import type { ActingAs } from "@/lib/orgs/types";
import { readParityForActor } from "@/lib/usage/parity";
import { parityQuerySchema } from "@/lib/usage/parity-schemas";
import { emulatorConfig, orgWithAdminKey } from "../ingestion/harness";
import { createTestDb } from "../test-db";
import { CLI_WINDOW, startCliEmulator } from "./helpers";

const APP = "http://127.0.0.1:3999";
const TOKEN = `ct_${"c".repeat(43)}`;
let handle: DbHandle;
let emulator: EmulatorHandle;
let org: { id: string; name: string };
let actor: ActingAs;
let other: ActingAs;
let csv: string;

/** The app's route, minus HTTP plumbing: the query parsed by its schema, answered by its reader for `as`. */
function appServing(as: ActingAs, calls: string[] = []) {
  return (async (url: string, init: RequestInit) => {
    calls.push(url);
    expect(new Headers(init.headers).get("authorization")).toBe(`Bearer ${TOKEN}`);
    const u = new URL(url);
    expect(u.pathname).toBe("/api/usage/parity");
    const query = parityQuerySchema.parse(Object.fromEntries(u.searchParams));
    return Response.json(JSON.parse(JSON.stringify(await readParityForActor(handle.db, as, query))));
  }) as unknown as typeof fetch;
}

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startCliEmulator();
  const made = await orgWithAdminKey(handle.db, emulator);
  org = { id: made.orgId, name: made.org.name };
  actor = made.actor;
  other = (await orgWithAdminKey(handle.db, emulator)).actor;
  const result = await fetchAndStoreUsageForOrg(
    handle.db,
    org.id,
    { ...CLI_WINDOW, trigger: "backfill" },
    { config: emulatorConfig(emulator) },
  );
  expect(result.status).toBe("succeeded");
  // Hourly buckets beside one day's daily ones: several stored rows then share a day and key, so sums are real sums.
  await handle.db.execute(sql`insert into usage_events (org_id, account_id, provider, source, model, window_start,
      window_end, input_tokens, output_tokens, cached_input_tokens, requests, endpoint, project_id, api_key_id,
      provider_user_id, service_tier, batch, simulated)
    select org_id, account_id, provider, source, model, window_start + interval '1 hour', window_start + interval '2 hours',
      input_tokens + 1, output_tokens + 2, cached_input_tokens, requests, endpoint, project_id, api_key_id,
      provider_user_id, service_tier, batch, simulated
    from usage_events where org_id = ${org.id}::uuid and window_start = '2026-10-15T00:00:00Z'`);
  csv = (await writeStoredCsv(handle.db, { org: org.id })).csv;
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("GET /api/usage/parity's reader", () => {
  it("sums every token and row exactly, per day and key, for the caller's organization only", async () => {
    const answer = await readParityForActor(handle.db, actor, parityQuerySchema.parse(CLI_WINDOW));
    const [stored] = rowsOf<Record<string, string>>(
      await handle.db.execute(sql`select count(*)::text as rows, sum(input_tokens)::text as input,
        sum(output_tokens)::text as output, sum(cached_input_tokens)::text as cached,
        sum(coalesce(requests, 0))::text as requests, count(distinct (window_start at time zone 'UTC')::date)::text as days
        from usage_events where org_id = ${org.id}::uuid and provider = 'openai'
          and endpoint in ('completions', 'embeddings')`),
    );
    const groups = answer.usage ?? [];
    expect(Number(stored!.rows)).toBeGreaterThan(0);
    const sum = (f: (g: (typeof groups)[number]) => number) => groups.reduce((n, g) => n + f(g), 0);
    expect(answer.org).toEqual(org);
    expect(groups.filter((g) => g.rows > 1).length).toBeGreaterThan(0);
    expect(sum((g) => g.rows)).toBe(Number(stored!.rows));
    expect(sum((g) => g.inputTokens)).toBe(Number(stored!.input));
    expect(sum((g) => g.outputTokens)).toBe(Number(stored!.output));
    expect(sum((g) => g.cachedInputTokens)).toBe(Number(stored!.cached));
    expect(sum((g) => g.requests)).toBe(Number(stored!.requests));
    expect(new Set(groups.map((g) => g.day)).size).toBe(Number(stored!.days));
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.day >= CLI_WINDOW.start && g.day <= CLI_WINDOW.end)).toBe(true);

    const theirs = await readParityForActor(handle.db, other, parityQuerySchema.parse(CLI_WINDOW));
    expect(theirs.org.id).toBe(other.orgId);
    expect(theirs.usage).toEqual([]);
  });

  it("bills cost lines as exact decimal strings", async () => {
    const answer = await readParityForActor(
      handle.db,
      actor,
      parityQuerySchema.parse({ ...CLI_WINDOW, grain: "costs" }),
    );
    expect(answer.usage).toBeUndefined();
    expect(answer.costs!.length).toBeGreaterThan(0);
    for (const line of answer.costs!) expect(line.amount).toMatch(/^-?\d+(\.\d+)?$/);
  });

  it("keeps billed cost from a token that may read usage but not costs", async () => {
    const costs = parityQuerySchema.parse({ ...CLI_WINDOW, grain: "costs" });
    const usageOnly = { ...actor, scopes: ["usage:read"] };
    await expect(readParityForActor(handle.db, usageOnly, costs)).rejects.toMatchObject({ code: "FORBIDDEN" });
    const both = await readParityForActor(handle.db, { ...actor, scopes: ["usage:read", "costs:read"] }, costs);
    expect(both.costs!.length).toBeGreaterThan(0);
    expect(
      (await readParityForActor(handle.db, usageOnly, parityQuerySchema.parse(CLI_WINDOW))).usage!.length,
    ).toBeGreaterThan(0);
  });
});

describe("usage:diff through the app", () => {
  it("gives the same usage report as on the database, matching or not", async () => {
    const calls: string[] = [];
    const through = appSource({ appUrl: APP, token: TOKEN }, { fetch: appServing(actor, calls) });
    const local = databaseSource(handle.db);
    const same = await runUsageDiff(through, { csvText: csv, org: org.name });
    expect(same.summary).toMatchObject({ ok: true, differences: 0 });
    expect(same).toEqual(await runUsageDiff(local, { csvText: csv, org: org.name }));
    expect(calls).toHaveLength(1);
    expect(calls[0]).toBe(
      `${APP}/api/usage/parity?start=${CLI_WINDOW.start}&end=${CLI_WINDOW.end}&provider=openai&grain=usage`,
    );

    // One changed figure and one removed line: both ways name the same differences.
    const [header, first, second, ...rest] = csv.trim().split("\n");
    const cells = first!.split(",");
    const at = header!.split(",").indexOf("output_tokens");
    cells[at] = String(Number(cells[at]) + 7);
    const tampered = [header, cells.join(","), ...rest].join("\n");
    const viaApp = await runUsageDiff(through, { csvText: tampered });
    expect(viaApp.summary.ok).toBe(false);
    expect(viaApp.mismatched).toContainEqual(expect.objectContaining({ field: "output_tokens", diff: -7 }));
    expect(viaApp.extraInDb.length + viaApp.mismatched.length).toBeGreaterThanOrEqual(2);
    expect(second).toBeDefined();
    expect(viaApp).toEqual(await runUsageDiff(local, { csvText: tampered, org: org.id }));
  });

  it("gives the same cost report as on the database", async () => {
    const through = appSource({ appUrl: APP, token: TOKEN }, { fetch: appServing(actor) });
    const lines = (
      await readParityForActor(handle.db, actor, parityQuerySchema.parse({ ...CLI_WINDOW, grain: "costs" }))
    ).costs!;
    const costCsv = [
      "day,project_id,line_item,amount",
      ...lines.map((l) => `${l.day},${l.projectId},"${l.lineItem}",${l.amount}`),
    ].join("\n");
    const viaApp = await runCostDiff(through, { csvText: costCsv });
    expect(viaApp.summary).toMatchObject({ ok: true, differences: 0 });
    expect(viaApp.compared).toBe(lines.length);
    expect(viaApp).toEqual(await runCostDiff(databaseSource(handle.db), { csvText: costCsv, org: org.id }));
  });

  it("refuses --org of another organization and --user, in plain words", async () => {
    const through = appSource({ appUrl: APP, token: TOKEN }, { fetch: appServing(actor) });
    await expect(runUsageDiff(through, { csvText: csv, org: "Someone Else Inc" })).rejects.toThrow(
      new UsageError(
        `--org "Someone Else Inc" is not the API token's organization (${org.name}); through the app a token reads its own organization only (leave --org out, or use a token of "Someone Else Inc")`,
      ),
    );
    await expect(runUsageDiff(through, { csvText: csv, user: "ana@example.com" })).rejects.toThrow(UsageError);
  });

  it("turns the app's refusals into one sentence naming the usage:read scope, and rejects a foreign answer", async () => {
    const answering = (res: () => Response) =>
      appSource({ appUrl: APP, token: TOKEN }, { fetch: (async () => res()) as unknown as typeof fetch });
    const refused = runUsageDiff(
      answering(() => Response.json({ error: { message: "no" } }, { status: 401 })),
      { csvText: csv },
    );
    await expect(refused).rejects.toThrow(CliFailure);
    await expect(refused).rejects.toThrow(/refused the API token \(401.*create one with the usage:read scope/);
    await expect(
      runUsageDiff(
        answering(() => Response.json({ error: { message: "Missing scope." } }, { status: 403 })),
        { csvText: csv },
      ),
    ).rejects.toThrow("the API token may not read usage (403): it needs the usage:read scope");
    await expect(
      runUsageDiff(
        answering(() => Response.json({ rows: [] })),
        { csvText: csv },
      ),
    ).rejects.toThrow(/answered 200 but not with stored usage figures/);
    const down = appSource(
      { appUrl: APP, token: TOKEN },
      {
        fetch: (async () => {
          throw Object.assign(new TypeError("fetch failed"), { cause: { code: "ECONNREFUSED" } });
        }) as unknown as typeof fetch,
      },
    );
    await expect(runUsageDiff(down, { csvText: csv })).rejects.toThrow(
      `could not reach the app at ${APP} (connection refused)`,
    );
  });
});
