import { describe, expect, it } from "vitest";
import { computeUsageTotals, generateDataset, usageForDay } from "../../../scripts/emulator/dataset";
import { SMALL, unix } from "./helpers";

describe("generateDataset", () => {
  it("is deterministic: same seed, same entities and usage", () => {
    const a = generateDataset(SMALL);
    const b = generateDataset(SMALL);
    expect(b.organizations[0].projects).toEqual(a.organizations[0].projects);
    expect(b.credentials).toEqual(a.credentials);
    expect(usageForDay(b, unix("2025-03-10"))).toEqual(usageForDay(a, unix("2025-03-10")));
    expect(computeUsageTotals(b)).toEqual(computeUsageTotals(a));
  });

  it("produces the same day regardless of the order days are generated in", () => {
    const a = generateDataset(SMALL);
    const b = generateDataset(SMALL);
    const late = usageForDay(a, unix("2025-03-19"));
    usageForDay(b, unix("2025-03-02"));
    usageForDay(b, unix("2025-03-05"));
    expect(usageForDay(b, unix("2025-03-19"))).toEqual(late);
  });

  it("differs for a different seed", () => {
    const a = computeUsageTotals(generateDataset(SMALL));
    const b = computeUsageTotals(generateDataset({ ...SMALL, seed: SMALL.seed + 1 }));
    expect(b.completions.totals).not.toEqual(a.completions.totals);
  });

  it("defines prefixed ids, credentials, and api keys owned by users or service accounts", () => {
    const ds = generateDataset({ ...SMALL, apiKeysPerProject: 12 });
    const org = ds.organizations[0];
    expect(org.id).toMatch(/^org_/);
    expect(ds.credentials.filter((c) => c.kind === "admin").map((c) => c.key)).toEqual(["sk-admin-emu-7-1"]);
    expect(ds.credentials.filter((c) => c.kind === "standard")).toHaveLength(3);
    const keys = org.projects.flatMap((p) => org.projectApiKeys.get(p.id)!);
    expect(keys.every((k) => /^key_/.test(k.id) && /^sk-proj-\*{4}.{4}$/.test(k.redacted_value))).toBe(true);
    expect(new Set(keys.map((k) => k.owner.type))).toEqual(new Set(["user", "service_account"]));
    expect(org.projectUsers.get(org.projects[0].id)!.every((u) => /^user_/.test(u.id) && u.email?.includes("@"))).toBe(
      true,
    );
    expect(org.adminApiKeys.length).toBeGreaterThan(0);
    expect(org.certificates.length).toBeGreaterThan(0);
  });

  it("keeps rows consistent: cached <= input, ids belong to the org, service_tier often null", () => {
    const ds = generateDataset(SMALL);
    const org = ds.organizations[0];
    const keyIds = new Set(org.projects.flatMap((p) => org.projectApiKeys.get(p.id)!.map((k) => k.id)));
    const rows = Array.from(
      { length: 20 },
      (_, i) => usageForDay(ds, unix("2025-03-01") + i * 86_400).completions,
    ).flat();
    expect(rows.length).toBeGreaterThan(100);
    for (const row of rows) {
      expect(row.input_cached_tokens).toBeLessThanOrEqual(row.input_tokens);
      expect(keyIds.has(row.api_key_id!)).toBe(true);
    }
    expect(rows.some((r) => r.service_tier === null)).toBe(true);
    expect(rows.some((r) => r.batch === true)).toBe(true);
    expect(rows.some((r) => r.user_id === null) && rows.some((r) => r.user_id !== null)).toBe(true);
  });

  it("has no usage outside its day range and stops archived projects' usage", () => {
    const ds = generateDataset({ ...SMALL, archivedProjects: 1 });
    expect(usageForDay(ds, unix("2025-02-28")).completions).toEqual([]);
    expect(usageForDay(ds, unix("2025-03-21")).completions).toEqual([]);
    const archived = ds.organizations[0].projects[2];
    expect(archived.status).toBe("archived");
    const after = Math.ceil(archived.archived_at! / 86_400) * 86_400;
    expect(usageForDay(ds, after).completions.some((r) => r.project_id === archived.id)).toBe(false);
  });

  it("uses a subset of models per api key and scales rows with density", () => {
    const big = {
      seed: 1,
      projects: 20,
      apiKeysPerProject: 50,
      users: 40,
      models: 15,
      days: 365,
      endDate: "2025-12-31",
      density: 0.2,
    };
    const ds = generateDataset(big);
    const started = performance.now();
    const day = usageForDay(ds, unix("2025-06-03"));
    const elapsed = performance.now() - started;
    expect(elapsed).toBeLessThan(250); // milliseconds (typically ~10ms)
    // 20 projects x 50 keys x 15 models x 0.2 = 3000 pairs, plus some batch rows
    expect(day.completions.length).toBeGreaterThan(2400);
    expect(day.completions.length).toBeLessThan(4000);
    const modelsPerKey = new Map<string, Set<string>>();
    for (let d = 0; d < 30; d++) {
      for (const row of usageForDay(ds, unix("2025-05-01") + d * 86_400).completions) {
        if (!modelsPerKey.has(row.api_key_id!)) modelsPerKey.set(row.api_key_id!, new Set());
        modelsPerKey.get(row.api_key_id!)!.add(row.model!);
      }
    }
    const max = Math.max(...[...modelsPerKey.values()].map((s) => s.size));
    expect(max).toBeLessThan(15);
  });

  it("computes ground-truth totals grouped by dimensions that add up to the overall totals", () => {
    const ds = generateDataset(SMALL);
    const totals = computeUsageTotals(ds, { start: "2025-03-01", end: "2025-03-20", by: ["day", "model"] });
    const sum = totals.completions.groups.reduce((s, g) => s + g.input_tokens, 0);
    expect(sum).toBe(totals.completions.totals.input_tokens);
    expect(new Set(totals.completions.groups.map((g) => g.day)).size).toBe(20);
    const oneDay = computeUsageTotals(ds, { start: "2025-03-10", end: "2025-03-10" });
    const rows = usageForDay(ds, unix("2025-03-10")).completions;
    expect(oneDay.completions.totals.num_model_requests).toBe(rows.reduce((s, r) => s + r.num_model_requests, 0));
  });
});
