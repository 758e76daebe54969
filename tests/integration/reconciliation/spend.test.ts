import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/types";
import { listUsageRows } from "@/lib/analytics";
import { sumDecimals } from "@/lib/money/decimal";
import { getSpendView, getTopMovers } from "@/lib/reconciliation";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestDb } from "../test-db";
import { addCatalog, createOrgWithKey } from "../analytics/fixture";
import { computedOf, cost, seed, usage } from "./fixture";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
const NOW = new Date("2025-04-10T08:00:00Z");
const MINI = "gpt-4o-mini-2024-07-18";
const BIG = "gpt-4.1-2025-04-14";
let handle: DbHandle;
let a: Awaited<ReturnType<typeof createOrgWithKey>>;
const computed: Record<string, string> = {};

// Previous period 04-03..04-05 (no cost report), current 04-06..04-08: 04-06 billed, 04-07/08 not.
beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  a = await createOrgWithKey(db, "spend-a");
  await addCatalog(db, a.orgId, a.accountId);
  const b = await createOrgWithKey(db, "spend-b");
  await seed(db, b, [usage("2025-04-06", BIG, "proj_alpha", 5e6, 5e6)], [cost("2025-04-07", "proj_alpha", "x", "500")]);
  const records = [
    usage("2025-04-03", MINI, "proj_alpha", 100_000, 10_000),
    usage("2025-04-04", MINI, "proj_beta", 300_000, 20_000),
    usage("2025-04-06", MINI, "proj_alpha", 1_000_000, 50_000),
    usage("2025-04-06", BIG, "proj_beta", 400_000, 40_000),
    usage("2025-04-07", BIG, "proj_alpha", 2_000_000, 100_000),
    usage("2025-04-08", MINI, "proj_beta", 700_000, 70_000),
  ];
  await seed(db, a, records, [
    cost("2025-04-06", "proj_alpha", "gpt-4o-mini, input", "0.5"),
    cost("2025-04-06", "proj_alpha", "gpt-4o-mini, output", "0.25"),
    cost("2025-04-06", "proj_gamma", "file search", "2"),
  ]);
  // A second provider on the billed day, without a cost report of its own: its spend stays Estimated.
  const { key: claude } = await createKey(
    db,
    a.actor,
    createKeySchema.parse({ provider: "anthropic", label: "Claude", apiKey: "sk-ant-admin01-TESTONLY-spend" }),
  );
  const anthropicUsage = usage("2025-04-06", MINI, null, 600_000, 60_000, "anthropic");
  await seed(db, { orgId: a.orgId, accountId: claude.accountId }, [anthropicUsage], []);
  computed["anthropic 2025-04-06"] = sumDecimals(
    (await listUsageRows(db, a.orgId, { start: "2025-04-06", end: "2025-04-06", provider: "anthropic" })).rows.map(
      (r) => r.estimatedCostUsd ?? "0",
    ),
  );
  for (const r of records) {
    const day = r.windowStart.toISOString().slice(0, 10);
    computed[`${day} ${r.projectId}`] = await computedOf(db, a.orgId, day, r.projectId!);
  }
});
afterAll(async () => handle?.close());

const RANGE = { start: "2025-04-06", end: "2025-04-08" };

describe(`spend (billed where reported, else estimated) on ${DB}`, () => {
  it("takes billed cost for a reported day and provider, and computed cost elsewhere", async () => {
    const view = await getSpendView(handle.db, a.orgId, RANGE, { stack: "project", granularity: "day", now: NOW });
    expect(view.estimatedOnlyReason).toBeNull();
    const estimated = sumDecimals([
      computed["anthropic 2025-04-06"]!,
      computed["2025-04-07 proj_alpha"]!,
      computed["2025-04-08 proj_beta"]!,
    ]);
    expect(view.totals).toMatchObject({
      billedUsd: "2.75",
      estimatedUsd: estimated,
      spendUsd: sumDecimals(["2.75", estimated]),
    });
    expect(view.totals.tokens).toBe(1_050_000 + 440_000 + 660_000 + 2_100_000 + 770_000);
    const day6 = view.points.find((p) => p.period === "2025-04-06")!;
    // proj_beta had usage on the reported day but no billed line: billed 0 there, not its estimate.
    expect(day6).toMatchObject({
      billedUsd: "2.75",
      estimatedUsd: computed["anthropic 2025-04-06"],
      provisional: false,
    });
    expect(day6.groups["anthropic/"]).toEqual({ spendUsd: computed["anthropic 2025-04-06"], tokens: 660_000 });
    expect(day6.groups["openai/proj_gamma"]).toEqual({ spendUsd: "2", tokens: 0 });
    expect(day6.groups["openai/proj_beta"]).toEqual({ spendUsd: "0", tokens: 440_000 });
    expect(view.points.find((p) => p.period === "2025-04-07")).toMatchObject({
      billedUsd: "0",
      estimatedUsd: computed["2025-04-07 proj_alpha"],
    });
    const alpha = view.table.find((r) => r.key === "openai/proj_alpha")!;
    expect(alpha).toMatchObject({
      label: 'Checkout, "Assistant" (OpenAI)',
      billedUsd: "0.75",
      estimatedUsd: computed["2025-04-07 proj_alpha"],
    });
    expect(view.points.map((p) => p.period)).toEqual(["2025-04-06", "2025-04-07", "2025-04-08"]);
  });

  it("stacks by model from estimates only, and says why", async () => {
    const view = await getSpendView(handle.db, a.orgId, RANGE, { stack: "model", granularity: "day", now: NOW });
    expect(view.estimatedOnlyReason).toMatch(/by model/i);
    expect(view.totals.billedUsd).toBe("0");
    expect(view.totals.estimatedUsd).toBe(
      sumDecimals(
        [
          "anthropic 2025-04-06",
          "2025-04-06 proj_alpha",
          "2025-04-06 proj_beta",
          "2025-04-07 proj_alpha",
          "2025-04-08 proj_beta",
        ].map((k) => computed[k]!),
      ),
    );
    expect(view.table.map((r) => r.label).sort()).toEqual([BIG, MINI]);
  });

  it("groups by week and marks the period holding today provisional", async () => {
    const view = await getSpendView(
      handle.db,
      a.orgId,
      { start: "2025-04-06", end: "2025-04-10" },
      {
        stack: "provider",
        granularity: "week",
        now: NOW,
      },
    );
    expect(view.points.map((p) => [p.period, p.provisional])).toEqual([
      ["2025-03-31", false],
      ["2025-04-07", true],
    ]);
    expect(view.chartGroups.map((g) => `${g.key} ${g.label}`).sort()).toEqual([
      "anthropic/ Anthropic",
      "openai/ OpenAI",
    ]);
    expect(view.points[0]!.billedUsd).toBe("2.75");
  });

  it("lists top movers against the previous period of the same length", async () => {
    const movers = await getTopMovers(handle.db, a.orgId, RANGE);
    expect(movers.previousRange).toEqual({ start: "2025-04-03", end: "2025-04-05" });
    expect(movers.projects.length).toBeGreaterThan(0);
    const gamma = movers.projects.find((m) => m.key === "openai/proj_gamma")!;
    expect(gamma).toMatchObject({ currentUsd: "2", previousUsd: "0", changeUsd: "2", changePercent: null });
    const big = movers.models.find((m) => m.label === BIG)!;
    expect(big.previousUsd).toBe("0");
    expect(big.currentUsd).toBe(sumDecimals([computed["2025-04-06 proj_beta"]!, computed["2025-04-07 proj_alpha"]!]));
    const mini = movers.models.find((m) => m.label === MINI)!;
    expect(mini.previousUsd).toBe(sumDecimals([computed["2025-04-03 proj_alpha"]!, computed["2025-04-04 proj_beta"]!]));
    // Biggest absolute change first.
    const changes = movers.models.map((m) => Math.abs(Number(m.changeUsd)));
    expect(changes).toEqual([...changes].sort((x, y) => y - x));
  });
});
