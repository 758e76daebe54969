import { describe, expect, it } from "vitest";
import {
  formatEpochDay,
  lastProductDate,
  parseEpochDay,
  productDate,
  productDateProblem,
  FIRST_PRODUCT_DATE,
} from "@/lib/dates";
import { isAppError } from "@/lib/errors";

const NOW = new Date("2026-12-01T07:00:00Z");
const problem = (value: unknown, now = NOW) => productDateProblem(value, "start", now);
const BETWEEN = "start must be a date between 2000-01-01 and 2027-12-01";
const NOT_A_DATE = "start must be a real date written YYYY-MM-DD (UTC)";

describe("the product date rule", () => {
  it("accepts real dates from 2000-01-01 to one year after today, and nothing outside", () => {
    expect(problem("0000-01-01")).toBe(BETWEEN);
    expect(problem("1999-12-31")).toBe(BETWEEN);
    expect(problem("2000-01-01")).toBeNull();
    expect(problem("2026-12-01")).toBeNull();
    expect(problem("2027-12-01")).toBeNull();
    expect(problem("2027-12-02")).toBe(BETWEEN);
    expect(problem("9999-12-31")).toBe(BETWEEN);
  });

  it("knows leap years, including the century rules", () => {
    expect(problem("2024-02-29")).toBeNull();
    expect(problem("2000-02-29")).toBeNull(); // divisible by 400
    expect(problem("2025-02-29")).toBe(NOT_A_DATE);
    expect(problem("2100-02-29", new Date("2099-06-01T00:00:00Z"))).toBe(NOT_A_DATE); // divisible by 100 only
    expect(problem("2026-04-31")).toBe(NOT_A_DATE);
    expect(problem("2026-13-01")).toBe(NOT_A_DATE);
    expect(problem("2026-00-10")).toBe(NOT_A_DATE);
  });

  it("moves its upper bound with the clock, and a leap day's year later is March 1", () => {
    expect(lastProductDate(new Date("2026-12-01T23:59:59Z"))).toBe("2027-12-01");
    expect(lastProductDate(new Date("2028-02-29T12:00:00Z"))).toBe("2029-03-01");
    expect(problem("2029-03-01", new Date("2028-02-29T12:00:00Z"))).toBeNull();
    expect(problem("2029-03-02", new Date("2028-02-29T12:00:00Z"))).toBe(
      "start must be a date between 2000-01-01 and 2029-03-01",
    );
  });

  it("refuses anything that is not exactly YYYY-MM-DD", () => {
    for (const value of [
      "+010000-01-01",
      "10000-01-01",
      "2026-1-01",
      " 2026-01-01",
      "2026-01-01T00:00:00Z",
      "2026/01/01",
      "2026-01-01\u0000",
      "",
      "2".repeat(10_000),
    ]) {
      expect(problem(value), JSON.stringify(value.slice(0, 20))).toBe(NOT_A_DATE);
    }
    for (const value of [20260101, null, undefined, ["2026-01-01"], { y: 2026 }]) {
      expect(problem(value)).toBe(NOT_A_DATE);
    }
  });

  it("as a zod schema, says the field's name and its bounds in one sentence", () => {
    const schema = productDate("end");
    const last = lastProductDate();
    expect(schema.safeParse(FIRST_PRODUCT_DATE).success).toBe(true);
    expect(schema.safeParse(last).success).toBe(true);
    const tooLate = schema.safeParse("9999-12-31");
    expect(tooLate.success).toBe(false);
    expect(tooLate.error!.issues.map((i) => i.message)).toEqual([`end must be a date between 2000-01-01 and ${last}`]);
    expect(schema.safeParse(42).error!.issues[0]!.message).toBe("end must be a date written YYYY-MM-DD (UTC)");
  });
});

describe("epoch days", () => {
  it("round-trip every calendar edge, years 0000 to 9999", () => {
    for (const day of ["0000-01-01", "0099-12-31", "1970-01-01", "2000-02-29", "2026-12-01", "9999-12-31"]) {
      expect(formatEpochDay(parseEpochDay(day)!)).toBe(day);
    }
    expect(parseEpochDay("1970-01-02")).toBe(1);
    expect(parseEpochDay("1969-12-31")).toBe(-1);
  });

  it("refuses to print a day past 9999-12-31 instead of writing +010000-01-01", () => {
    const err = (() => {
      try {
        return formatEpochDay(parseEpochDay("9999-12-31")! + 1);
      } catch (e) {
        return e;
      }
    })();
    expect(isAppError(err) && err.status).toBe(400);
    expect(() => formatEpochDay(parseEpochDay("0000-01-01")! - 1)).toThrow(/outside the calendar/);
    expect(() => formatEpochDay(Number.NaN)).toThrow(/outside the calendar/);
  });
});
