import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DbHandle } from "@/db/types";
import { isAppError } from "@/lib/errors";
import { getReconciliation, type ReconciliationView } from "@/lib/reconciliation";
import { addTestMember, createTestDb } from "../test-db";
import { createOrgWithKey } from "../analytics/fixture";
import { computedOf, cost, seed, times, usage } from "./fixture";

const DB = process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite";
const NOW = new Date("2025-03-06T12:00:00Z");
let handle: DbHandle;

// Day 1: billed = computed. Day 2: billed 2% over (two line items). Day 3: no cost report.
// Day 4: billed 0.5% over, plus a project billed that has no usage. Day 6 = "today": provisional.
const MODEL = "gpt-4o-mini-2024-07-18";
let a: Awaited<ReturnType<typeof createOrgWithKey>>;
let b: Awaited<ReturnType<typeof createOrgWithKey>>;
const computed: Record<string, string> = {};

beforeAll(async () => {
  handle = await createTestDb();
  const db = handle.db;
  a = await createOrgWithKey(db, "recon-a");
  b = await createOrgWithKey(db, "recon-b");
  // Organization B uses the same project ids and days with far bigger numbers: none of it may reach A.
  await seed(
    db,
    b,
    ["2025-03-01", "2025-03-02", "2025-03-04"].map((d) => usage(d, MODEL, "proj_alpha", 9_000_000, 9_000_000)),
    [cost("2025-03-01", "proj_alpha", "B line", "999"), cost("2025-03-03", "proj_alpha", "B line", "5")],
  );
  const days = ["2025-03-01", "2025-03-02", "2025-03-03", "2025-03-04", "2025-03-06"];
  await seed(
    db,
    a,
    days.map((d, i) => usage(d, MODEL, "proj_alpha", 1_000_000 + i * 137_911, 250_000 + i * 9_173)),
    [],
  );
  for (const d of days.slice(0, 4)) computed[d] = await computedOf(db, a.orgId, d, "proj_alpha");
  await seed(
    db,
    a,
    [],
    [
      cost("2025-03-01", "proj_alpha", "gpt-4o-mini, input", computed["2025-03-01"]!),
      cost("2025-03-02", "proj_alpha", "gpt-4o-mini, input", times(computed["2025-03-02"]!, "0.52")),
      cost("2025-03-02", "proj_alpha", "gpt-4o-mini, output", times(computed["2025-03-02"]!, "0.5")),
      cost("2025-03-04", "proj_alpha", "gpt-4o-mini, input", times(computed["2025-03-04"]!, "1.005")),
      cost("2025-03-04", "proj_gamma", "web search tool calls", "1.25"),
      cost("2025-03-06", "proj_alpha", "gpt-4o-mini, input", "77"),
    ],
  );
});
afterAll(async () => handle?.close());

const read = (q: Record<string, string>, actor = a.actor, path?: "raw" | "rollup") =>
  getReconciliation(handle.db, actor, { start: "2025-03-01", end: "2025-03-06", ...q }, { now: NOW, path });
const row = (view: ReconciliationView, day: string, project: string | null = "proj_alpha") =>
  view.days.find((r) => r.day === day && r.projectId === project);

describe(`reconciliation on ${DB}`, () => {
  it("computes billed, computed, capture rate and gap exactly per closed day and project", async () => {
    const view = await read({});
    expect(view.range).toEqual({ start: "2025-03-01", end: "2025-03-05" });
    expect(view.provisionalFrom).toBe("2025-03-06");
    expect(view.thresholdPercent).toBe(1);
    expect(view.days.map((r) => `${r.day} ${r.projectId}`)).toEqual([
      "2025-03-01 proj_alpha",
      "2025-03-02 proj_alpha",
      "2025-03-03 proj_alpha",
      "2025-03-04 proj_alpha",
      "2025-03-04 proj_gamma",
    ]);
    expect(row(view, "2025-03-01")).toMatchObject({
      provider: "openai",
      billedUsd: computed["2025-03-01"],
      computedUsd: computed["2025-03-01"],
      captureRate: "1",
      gapUsd: "0",
      flagged: false,
      lineItems: [],
    });
    const c2 = computed["2025-03-02"]!;
    expect(row(view, "2025-03-02")).toMatchObject({
      billedUsd: times(c2, "1.02"),
      computedUsd: c2,
      captureRate: "0.980392",
      gapUsd: times(c2, "0.02"),
      flagged: true,
      lineItems: [
        { lineItem: "gpt-4o-mini, input", amountUsd: times(c2, "0.52") },
        { lineItem: "gpt-4o-mini, output", amountUsd: times(c2, "0.5") },
      ],
    });
    expect(row(view, "2025-03-03")).toMatchObject({
      billedUsd: null,
      computedUsd: computed["2025-03-03"],
      captureRate: null,
      gapUsd: null,
      flagged: false,
    });
    expect(row(view, "2025-03-04")).toMatchObject({
      billedUsd: times(computed["2025-03-04"]!, "1.005"),
      captureRate: "0.995025",
      flagged: false,
    });
    expect(row(view, "2025-03-04", "proj_gamma")).toMatchObject({
      billedUsd: "1.25",
      computedUsd: "0",
      captureRate: "0",
      gapUsd: "1.25",
      flagged: true,
      lineItems: [{ lineItem: "web search tool calls", amountUsd: "1.25" }],
    });
    expect(view.totals).toMatchObject({
      rows: 5,
      flaggedRows: 2,
      unbilledComputedUsd: computed["2025-03-03"],
    });
  });

  it("reads the same numbers from the rollup cubes and from usage_events", async () => {
    const [raw, rollup] = [await read({}, a.actor, "raw"), await read({}, a.actor, "rollup")];
    expect(raw.days.length).toBe(5);
    expect(rollup).toEqual(raw);
  });

  it("uses the threshold parameter instead of the configured 1%", async () => {
    const loose = await read({ threshold: "3" });
    expect(loose.thresholdPercent).toBe(3);
    expect(row(loose, "2025-03-02")!.flagged).toBe(false);
    expect(row(loose, "2025-03-02")!.lineItems).toEqual([]);
    const strict = await read({ threshold: "0.4" });
    expect(row(strict, "2025-03-04")!.flagged).toBe(true);
    expect(row(strict, "2025-03-01")!.flagged).toBe(false);
  });

  it("filters by project and provider, keeping the day's cost report", async () => {
    const gamma = await read({ projectId: "proj_gamma" });
    expect(gamma.days.map((r) => `${r.day} ${r.projectId}`)).toEqual(["2025-03-04 proj_gamma"]);
    expect((await read({ provider: "anthropic" })).days).toEqual([]);
  });

  it("never counts another organization's cost or usage", async () => {
    const view = await read({});
    expect(row(view, "2025-03-01")!.billedUsd).toBe(computed["2025-03-01"]);
    // B's cost report on day 3 must not make A's day 3 "reported" (billed 0).
    expect(row(view, "2025-03-03")!.billedUsd).toBeNull();
    const other = await read({}, b.actor);
    expect(other.days.map((r) => `${r.day} ${r.billedUsd}`)).toEqual([
      "2025-03-01 999",
      "2025-03-02 null",
      "2025-03-03 5",
      "2025-03-04 null",
    ]);
  });

  it("lets a viewer read and refuses bad input with a plain 400", async () => {
    const { actor: viewer } = await addTestMember(handle.db, a.org, "viewer");
    expect((await read({}, viewer)).days.length).toBe(5);
    const bads: Record<string, string>[] = [
      { threshold: "abc" },
      { threshold: "101" },
      { end: "2024-01-01" },
      { start: "2025-02-30" },
    ];
    for (const bad of bads) {
      const e = await read(bad).catch((x: unknown) => x);
      expect(isAppError(e) && e.code === "VALIDATION_FAILED", JSON.stringify(bad)).toBe(true);
    }
  });

  it("returns no rows, and says so, when the whole range is today or later", async () => {
    const view = await getReconciliation(handle.db, a.actor, { start: "2025-03-06", end: "2025-03-07" }, { now: NOW });
    expect(view).toMatchObject({ range: null, provisionalFrom: "2025-03-06", days: [] });
  });
});
