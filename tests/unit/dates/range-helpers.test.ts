import { describe, expect, it } from "vitest";
import {
  addDays,
  addMonths,
  blockEnd,
  daysInRange,
  monthsInRange,
  periodsInRange,
  splitRange,
  weekStart,
} from "@/lib/dates";
import { isAppError } from "@/lib/errors";
import { chunkWindow, MAX_WINDOW_DAYS, planUsageWindows } from "@/lib/ingestion/windows";

/** The AppError a call throws (null when it returns): every refusal here must be a 4xx. */
function refusal(fn: () => unknown): { status: number; message: string } | null {
  try {
    fn();
    return null;
  } catch (e) {
    if (!isAppError(e)) throw e;
    return { status: e.status, message: e.message };
  }
}

const NOW = Date.parse("2026-12-01T07:00:00Z");

describe("read-side range helpers cannot run away", () => {
  it("step across the end of year 9999 with an error, not with '+010000-01-01'", () => {
    expect(addDays("9999-12-30", 1)).toBe("9999-12-31");
    expect(refusal(() => addDays("9999-12-31", 1))?.status).toBe(400);
    expect(refusal(() => addMonths("9999-12-01", 1))?.status).toBe(400);
    expect(refusal(() => addDays("0000-01-01", -1))?.status).toBe(400);
    expect(refusal(() => blockEnd("9999-12-29"))).toBeNull();
  });

  it("refuse a range beyond their hard cap before building any list (the issue's 9999 and 0000 ranges)", () => {
    for (const granularity of ["day", "week", "month"] as const) {
      expect(refusal(() => periodsInRange("2000-01-01", "9999-12-31", granularity))?.message).toMatch(/too long/);
    }
    expect(refusal(() => periodsInRange("0000-01-01", "9999-12-31", "day"))?.message).toMatch(/too long/);
    expect(refusal(() => splitRange("0000-01-01", "9999-12-31", { blocks: true }))?.message).toMatch(/too long/);
    expect(refusal(() => monthsInRange("0000-01-01", "9999-12-31"))?.message).toMatch(/too long/);
  });

  it("still walk the last valid days of the calendar exactly", () => {
    expect(periodsInRange("9999-12-01", "9999-12-31", "day")).toHaveLength(31);
    expect(periodsInRange("9999-12-01", "9999-12-31", "month")).toEqual(["9999-12-01"]);
    expect(splitRange("9999-12-01", "9999-12-31", { blocks: true }).months).toEqual({
      first: "9999-12-01",
      last: "9999-12-01",
    });
    expect(periodsInRange("0000-01-01", "0000-01-03", "day")).toEqual(["0000-01-01", "0000-01-02", "0000-01-03"]);
  });

  it("refuse strings that are not dates instead of computing with NaN", () => {
    for (const bad of ["+010000-01-01", "2025-02-29", "", "x"]) {
      expect(refusal(() => periodsInRange(bad, "2025-03-01", "day"))?.status).toBe(400);
      expect(refusal(() => daysInRange("2025-01-01", bad))?.status).toBe(400);
      expect(refusal(() => weekStart(bad))?.status).toBe(400);
    }
  });
});

describe("ingestion window planning is bounded", () => {
  it("refuses dates outside the product range, so year 0000 and 9999 never reach the loop", () => {
    expect(refusal(() => planUsageWindows({ start: "0000-01-01", defaultDays: 7, now: NOW }))?.message).toMatch(
      /^start must be a date between 2000-01-01 and \d{4}-\d{2}-\d{2}\.$/,
    );
    expect(refusal(() => planUsageWindows({ end: "9999-12-31", defaultDays: 7, now: NOW }))?.message).toMatch(
      /^end must be a date between/,
    );
  });

  it("counts a window's days before listing them and refuses one over the cap", () => {
    const longest = planUsageWindows({ start: "2000-01-01", defaultDays: 7, now: NOW });
    expect(longest.days[0]).toBe("2000-01-01");
    expect(longest.days.at(-1)).toBe("2026-12-01");
    expect(longest.days.length).toBeLessThanOrEqual(MAX_WINDOW_DAYS);
    expect(refusal(() => planUsageWindows({ start: "2000-01-01", defaultDays: 7, now: NOW, maxDays: 92 }))).toEqual({
      status: 400,
      message: expect.stringMatching(/^That window is 9832 days; at most 92 at once/),
    });
  });

  it("refuses a chunk size that would never reach the end", () => {
    const window = planUsageWindows({ start: "2026-11-01", end: "2026-11-10", defaultDays: 7, now: NOW });
    for (const step of [0, -1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(refusal(() => chunkWindow(window, step))?.status, String(step)).toBe(400);
    }
    expect(chunkWindow(window, 4).map((c) => c.days.length)).toEqual([4, 4, 2]);
  });
});
