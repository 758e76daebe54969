import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  blockEnd,
  blockStart,
  periodsInRange,
  previousRange,
  splitRange,
  weekStart,
} from "@/lib/dates";

function coveredDays(start: string, end: string, blocks: boolean): string[] {
  const split = splitRange(start, end, { blocks });
  const days: string[] = [];
  const span = (a: string, b: string) => {
    for (let d = a; d <= b; d = addDays(d, 1)) days.push(d);
  };
  if (split.months) {
    for (let m = split.months.first; m <= split.months.last; m = addMonths(m, 1)) span(m, addDays(addMonths(m, 1), -1));
  }
  for (const b of split.blocks) span(b, blockEnd(b));
  for (const d of split.days) span(d.start, d.end);
  return days.sort();
}

describe("UTC date helpers", () => {
  it("blocks start on the 1st, 8th, 15th, 22nd and 29th and end inside their month", () => {
    expect(
      ["2025-02-01", "2025-02-07", "2025-02-08", "2025-02-21", "2025-02-22", "2025-02-28"].map(blockStart),
    ).toEqual(["2025-02-01", "2025-02-01", "2025-02-08", "2025-02-15", "2025-02-22", "2025-02-22"]);
    expect(blockStart("2025-01-31")).toBe("2025-01-29");
    expect(blockEnd("2025-01-29")).toBe("2025-01-31");
    expect(blockEnd("2024-02-29")).toBe("2024-02-29");
    expect(blockEnd("2025-02-22")).toBe("2025-02-28");
    expect(blockEnd("2025-03-08")).toBe("2025-03-14");
  });

  it("splits a range into whole months, whole blocks and leftover days covering each day once", () => {
    const split = splitRange("2025-11-21", "2026-11-20", { blocks: true });
    expect(split.months).toEqual({ first: "2025-12-01", last: "2026-10-01" });
    expect(split.blocks).toEqual(["2025-11-22", "2025-11-29", "2026-11-01", "2026-11-08"]);
    expect(split.days).toEqual([
      { start: "2025-11-21", end: "2025-11-21" },
      { start: "2026-11-15", end: "2026-11-20" },
    ]);
    expect(splitRange("2025-03-01", "2025-03-31", { blocks: true })).toEqual({
      months: { first: "2025-03-01", last: "2025-03-01" },
      blocks: [],
      days: [],
    });
    expect(splitRange("2025-01-25", "2025-02-10", { blocks: false })).toEqual({
      months: null,
      blocks: [],
      days: [{ start: "2025-01-25", end: "2025-02-10" }],
    });

    let seed = 7;
    const rand = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    for (let i = 0; i < 300; i++) {
      const start = addDays("2024-01-01", rand(800));
      const end = addDays(start, rand(400));
      const expected: string[] = [];
      for (let d = start; d <= end; d = addDays(d, 1)) expected.push(d);
      for (const blocks of [true, false]) expect(coveredDays(start, end, blocks)).toEqual(expected);
    }
  });

  it("lists every period overlapping the range", () => {
    expect(periodsInRange("2025-01-30", "2025-02-02", "day")).toEqual([
      "2025-01-30",
      "2025-01-31",
      "2025-02-01",
      "2025-02-02",
    ]);
    expect(periodsInRange("2025-01-01", "2025-01-14", "week")).toEqual(["2024-12-30", "2025-01-06", "2025-01-13"]);
    expect(periodsInRange("2024-12-15", "2025-02-01", "month")).toEqual(["2024-12-01", "2025-01-01", "2025-02-01"]);
    expect(weekStart("2025-01-05")).toBe("2024-12-30"); // a Sunday belongs to the week from Monday
  });

  it("puts the previous period right before the range, same length", () => {
    expect(previousRange("2025-03-01", "2025-03-31")).toEqual({ start: "2025-01-29", end: "2025-02-28" });
    expect(previousRange("2025-01-01", "2025-01-01")).toEqual({ start: "2024-12-31", end: "2024-12-31" });
  });
});
