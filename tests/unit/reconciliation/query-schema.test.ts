import { describe, expect, it } from "vitest";
import { addDays, todayUtc } from "@/lib/dates";
import { reconciliationQuerySchema } from "@/lib/reconciliation";
import { formatZodError } from "@/lib/validation";

const parse = (q: Record<string, string>) => reconciliationQuerySchema.safeParse(q);

describe("GET /api/reconciliation query", () => {
  it("defaults to the last 30 closed days, never today", () => {
    const r = parse({});
    expect(r.success && r.data).toMatchObject({ start: addDays(todayUtc(), -30), end: addDays(todayUtc(), -1) });
  });

  it("takes a threshold in percent, blank meaning the configured one", () => {
    expect(parse({ threshold: "2.5" }).data?.threshold).toBe(2.5);
    expect(parse({ threshold: "" }).data?.threshold).toBeUndefined();
  });

  it.each([
    [{ threshold: "lots" }, "threshold must be a percent between 0 and 100"],
    [{ threshold: "-1" }, "threshold must be a percent between 0 and 100"],
    [{ threshold: "Infinity" }, "threshold must be a percent between 0 and 100"],
    [{ start: "2025-01-10", end: "2025-01-01" }, "end must not be before start (2025-01-10)"],
    [{ start: "2024-01-01", end: "2025-06-30" }, "end: the range may span at most 366 days"],
    [{ provider: "acme" }, "provider must be one of openai, anthropic"],
    [{ model: "x" }, "unknown field: model"],
  ])("refuses %j in plain words", (q, message) => {
    const r = parse(q as Record<string, string>);
    expect(r.success).toBe(false);
    expect(formatZodError(r.error!)).toBe(message);
  });
});
