import { describe, expect, it } from "vitest";
import {
  analyticsFiltersSchema,
  filtersToSearchParams,
  parseAnalyticsSearchParams,
  validateFilters,
} from "@/lib/analytics/filters";
import { isAppError } from "@/lib/errors";

const NOW = new Date("2026-11-21T15:00:00Z");

describe("analytics filters", () => {
  it("accepts real dates and optional filters, trimming text and reading URL booleans", () => {
    const parsed = analyticsFiltersSchema.parse({
      start: "2024-02-29",
      end: "2024-03-31",
      accountId: "0b8f3c2e-4a8d-4f3e-9a55-2d2c6c1f8e11",
      model: "  gpt-4o  ",
      projectId: "",
      batch: "false",
    });
    expect(parsed).toEqual({
      start: "2024-02-29",
      end: "2024-03-31",
      accountId: "0b8f3c2e-4a8d-4f3e-9a55-2d2c6c1f8e11",
      model: "gpt-4o",
      batch: false,
    });
    expect(analyticsFiltersSchema.parse({ start: "2024-01-01", end: "2024-01-01", batch: true }).batch).toBe(true);
  });

  it("rejects impossible dates, reversed or over-long ranges, unknown fields and bad values", () => {
    const bad = [
      { start: "2025-02-29", end: "2025-03-01" },
      { start: "2025-1-01", end: "2025-03-01" },
      { start: "2025-03-02", end: "2025-03-01" },
      { start: "2022-01-01", end: "2025-01-01" },
      { start: "2025-01-01", end: "2025-01-02", accountId: "123" },
      { start: "2025-01-01", end: "2025-01-02", batch: "yes" },
      { start: "2025-01-01", end: "2025-01-02", model: "m".repeat(201) },
      { start: "2025-01-01", end: "2025-01-02", unknown: "x" },
    ];
    for (const value of bad) expect(analyticsFiltersSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
    expect(analyticsFiltersSchema.safeParse({ start: "2022-01-01", end: "2024-12-31" }).success).toBe(true);
    const err = (() => {
      try {
        validateFilters({ start: "2025-03-02", end: "2025-03-01" });
      } catch (e) {
        return e;
      }
    })();
    expect(isAppError(err) && err.message).toBe("Invalid filters: end: must not be before start (2025-03-02)");
  });

  it("defaults the page to the last 30 days by day, never throws on bad input, and names what it ignored", () => {
    expect(parseAnalyticsSearchParams({}, NOW)).toEqual({
      filters: { start: "2026-10-23", end: "2026-11-21" },
      granularity: "day",
      ignored: [],
    });
    const messy = parseAnalyticsSearchParams(
      {
        start: "2026-13-01",
        end: ["2026-11-01", "2026-11-02"],
        accountId: "nope",
        model: ["gpt-4o", "o3"],
        batch: "maybe",
        serviceTier: " flex ",
        granularity: "year",
      },
      NOW,
    );
    expect(messy).toEqual({
      filters: { start: "2026-10-03", end: "2026-11-01", model: "gpt-4o", serviceTier: "flex" },
      granularity: "day",
      ignored: [
        "start must be a real date written YYYY-MM-DD (UTC)",
        "accountId: must be a provider account id (uuid)",
        expect.stringMatching(/^batch/),
        "granularity must be day, week or month",
      ],
    });
    const reversed = parseAnalyticsSearchParams({ start: "2026-11-10", end: "2026-11-01" }, NOW);
    expect(reversed.filters).toEqual({ start: "2026-10-23", end: "2026-11-21" });
    expect(reversed.ignored).toEqual([
      "the date range was replaced by the last 30 days (end: must not be before start (2026-11-10))",
    ]);
    expect(parseAnalyticsSearchParams({ start: "2026-09-01", granularity: "week", batch: "true" }, NOW)).toEqual({
      filters: { start: "2026-09-01", end: "2026-11-21", batch: true },
      granularity: "week",
      ignored: [],
    });
  });

  it("builds shareable query strings with only what differs from the defaults, and reads them back", () => {
    expect(filtersToSearchParams({ start: "2026-10-23", end: "2026-11-21" }, "day", NOW).toString()).toBe("");
    const filters = { start: "2026-01-01", end: "2026-03-31", model: "gpt-4o", batch: false, projectId: "proj a&b" };
    const params = filtersToSearchParams(filters, "month", NOW);
    expect(params.toString()).toBe(
      "start=2026-01-01&end=2026-03-31&projectId=proj+a%26b&model=gpt-4o&batch=false&granularity=month",
    );
    expect(parseAnalyticsSearchParams(Object.fromEntries(params), NOW)).toEqual({
      filters,
      granularity: "month",
      ignored: [],
    });
  });
});
