import { describe, expect, it } from "vitest";
import { amountUsdSchema, createBudgetSchema, updateBudgetSchema } from "@/lib/budgets/schemas";
import { forecastQuerySchema } from "@/lib/forecast/get";
import { anomaliesQuerySchema } from "@/lib/anomalies/detect";
import { alertsQuerySchema } from "@/lib/alerts/list";

const messages = (r: { success: boolean; error?: { issues: { message: string }[] } }) =>
  r.success ? [] : r.error!.issues.map((i) => i.message);

describe("budget schemas", () => {
  it("fill the defaults: whole organization, 50/80/100% on actual spend, no channels", () => {
    expect(createBudgetSchema.parse({ name: " Team ", amountUsd: 500 })).toEqual({
      name: "Team",
      scope: {},
      amountUsd: "500",
      thresholds: [
        { percent: 50, basis: "actual" },
        { percent: 80, basis: "actual" },
        { percent: 100, basis: "actual" },
      ],
      channelIds: [],
    });
  });

  it.each([
    ["12.50", "12.5"],
    ["0.01", "0.01"],
    ["007", "7"],
    [1000000000, "1000000000"],
    [99.99, "99.99"],
  ])("amount %j is kept exactly as %s", (input, out) => {
    expect(amountUsdSchema.parse(input)).toBe(out);
  });

  it.each([[0], ["0.00"], [-5], ["1e3"], ["12.345"], [Number.NaN], ["abc"], ["1000000000.01"], [null]])(
    "refuses amount %j with a plain sentence",
    (input) => {
      const r = amountUsdSchema.safeParse(input);
      expect(r.success).toBe(false);
      expect(messages(r)[0]).toMatch(/^Enter an amount/);
    },
  );

  it("says 'Enter a name' for a missing or blank name", () => {
    expect(messages(createBudgetSchema.safeParse({ amountUsd: 5 }))).toContain("Enter a name");
    expect(messages(createBudgetSchema.safeParse({ name: "   ", amountUsd: 5 }))).toContain("Enter a name");
  });

  it("sorts thresholds and keeps each (percent, basis) once", () => {
    const parsed = createBudgetSchema.parse({
      name: "x",
      amountUsd: 1,
      thresholds: [
        { percent: 100, basis: "forecast" },
        { percent: 80, basis: "actual" },
        { percent: 100, basis: "forecast" },
        { percent: 100, basis: "actual" },
      ],
    });
    expect(parsed.thresholds).toEqual([
      { percent: 80, basis: "actual" },
      { percent: 100, basis: "actual" },
      { percent: 100, basis: "forecast" },
    ]);
  });

  it.each([
    [{ name: "x", amountUsd: 1, thresholds: [] }, "at least one threshold"],
    [{ name: "x", amountUsd: 1, thresholds: [{ percent: 0, basis: "actual" }] }, "percent must be a whole number"],
    [
      { name: "x", amountUsd: 1, thresholds: [{ percent: 50, basis: "budget" }] },
      'basis must be "actual" or "forecast"',
    ],
    [{ name: "x", amountUsd: 1, scope: { provider: "mistral" } }, "scope.provider must be one of"],
    [{ name: "x", amountUsd: 1, channelIds: ["not-a-uuid"] }, "each channel id must be a UUID"],
    [{ name: "x", amountUsd: 1, extra: true }, "extra"],
    [{ name: "a\u0000b", amountUsd: 1 }, "control characters"],
  ])("refuses %j", (body, fragment) => {
    const r = createBudgetSchema.safeParse(body);
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.message + " " + JSON.stringify(i)).join("; ")).toContain(fragment);
  });

  it("an update needs at least one field, and an omitted name is not an empty one", () => {
    expect(messages(updateBudgetSchema.safeParse({}))).toContain("Send at least one field to change.");
    expect(updateBudgetSchema.parse({ amountUsd: "20" })).toEqual({ amountUsd: "20" });
  });
});

describe("query schemas", () => {
  it("forecast month is YYYY-MM within the product's range", () => {
    expect(forecastQuerySchema.safeParse({ month: "2026-11" }).success).toBe(true);
    expect(forecastQuerySchema.safeParse({}).success).toBe(true);
    for (const bad of ["2026-13", "2026-1", "1999-12", "9999-01", "november"]) {
      expect(forecastQuerySchema.safeParse({ month: bad }).success).toBe(false);
    }
  });

  it("anomaly and alert ranges are real dates in order, and bounded", () => {
    expect(anomaliesQuerySchema.safeParse({ start: "2026-10-01", end: "2026-10-31" }).success).toBe(true);
    expect(anomaliesQuerySchema.safeParse({ start: "2026-10-31", end: "2026-10-01" }).success).toBe(false);
    expect(anomaliesQuerySchema.safeParse({ start: "2026-01-01", end: "2026-10-01" }).success).toBe(false);
    expect(alertsQuerySchema.safeParse({ start: "2026-02-30" }).success).toBe(false);
    expect(alertsQuerySchema.safeParse({ start: "2026-01-01", end: "2026-06-30" }).success).toBe(true);
  });
});
