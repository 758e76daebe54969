import { describe, expect, it } from "vitest";
import { budgetOutlook, forecastMonth, meanWindow } from "@/lib/forecast/rule";

/** Daily spend map from `YYYY-MM-DD -> amount` pairs. */
const series = (entries: [string, string][]) => new Map(entries);
const days = (month: string, from: number, to: number, amount: (d: number) => string): [string, string][] =>
  Array.from({ length: to - from + 1 }, (_, i) => [`${month}-${String(from + i).padStart(2, "0")}`, amount(from + i)]);

describe("forecastMonth", () => {
  it("a flat month: $10 a day forecasts $300 for a 30-day month, from any day", () => {
    const daily = series(days("2026-11", 1, 15, () => "10"));
    // Today is the 15th with $10 already: 150 + 10 × 15 days left
    expect(forecastMonth({ month: "2026-11", today: "2026-11-15", daily, firstSpendDay: "2026-11-01" })).toMatchObject({
      actualUsd: "150",
      forecastUsd: "300",
      meanDailyUsd: "10",
      meanDays: 7,
      daysLeft: 15,
      state: "current",
    });
  });

  it("a spike inside the last 7 closed days lifts the mean by spike / 7", () => {
    const daily = series([...days("2026-11", 1, 9, () => "10"), ["2026-11-08", "80"]]);
    // Today the 10th, nothing yet today. MTD = 9 × 10 + 70 = 160; window 3rd..9th = 70 + 70 = 140, mean 20;
    // 20 days left: 160 + 20 × 20 = 560
    expect(forecastMonth({ month: "2026-11", today: "2026-11-10", daily, firstSpendDay: "2026-10-01" })).toMatchObject({
      actualUsd: "160",
      forecastUsd: "560",
      meanDailyUsd: "20",
    });
  });

  it("a ramp: the mean of the last 7 days, not of the whole month", () => {
    const daily = series(days("2026-12", 1, 14, (d) => String(d))); // $1 on the 1st ... $14 on the 14th
    // Today the 15th: MTD = 105; window 8th..14th = 77, mean 11; 16 days left: 105 + 176 = 281
    expect(forecastMonth({ month: "2026-12", today: "2026-12-15", daily, firstSpendDay: "2026-12-01" })).toMatchObject({
      actualUsd: "105",
      forecastUsd: "281",
      meanDailyUsd: "11",
      daysLeft: 16,
    });
  });

  it("a month with missing days counts them as $0", () => {
    const daily = series([
      ["2026-11-01", "30"],
      ["2026-11-03", "12.5"],
      ["2026-11-09", "7.25"],
    ]);
    // Today the 10th: MTD 49.75; window 3rd..9th = 19.75; 20 days left: 49.75 + 19.75 × 20 / 7 = 106.178571… -> 106.18
    expect(forecastMonth({ month: "2026-11", today: "2026-11-10", daily, firstSpendDay: "2026-11-01" })).toMatchObject({
      actualUsd: "49.75",
      forecastUsd: "106.18",
      meanDailyUsd: "2.82",
    });
  });

  it("the first days of a month take the mean from the previous month's last days", () => {
    const daily = series([...days("2026-10", 25, 31, () => "6"), ["2026-11-01", "2"]]);
    // Today the 2nd: MTD = 2 (the 1st, closed) + 0 so far today; window Oct 26th..Nov 1st = 36 + 2 = 38;
    // 28 days left: 2 + 38 × 28 / 7 = 154
    expect(forecastMonth({ month: "2026-11", today: "2026-11-02", daily, firstSpendDay: "2026-09-01" })).toMatchObject({
      actualUsd: "2",
      forecastUsd: "154",
      daysLeft: 28,
    });
    // On the 1st itself nothing of the month is closed: 0 + 7 × 6 / 7 × 29 = 174
    expect(
      forecastMonth({
        month: "2026-11",
        today: "2026-11-01",
        daily: series(days("2026-10", 25, 31, () => "6")),
        firstSpendDay: "2026-09-01",
      }),
    ).toMatchObject({
      actualUsd: "0",
      forecastUsd: "174",
      daysLeft: 29,
    });
  });

  it("a past month forecasts exactly its actual; a future month is mean × its days", () => {
    const daily = series(days("2026-10", 1, 31, () => "1.5"));
    expect(forecastMonth({ month: "2026-10", today: "2026-11-05", daily, firstSpendDay: "2026-10-01" })).toMatchObject({
      state: "past",
      actualUsd: "46.5",
      forecastUsd: "46.5",
      daysLeft: 0,
    });
    const future = forecastMonth({
      month: "2027-02",
      today: "2026-11-05",
      daily: series(days("2026-11", 1, 4, () => "2")),
      firstSpendDay: "2026-11-01",
    });
    expect(future).toMatchObject({ state: "future", actualUsd: "0", forecastUsd: "56", daysLeft: 28, meanDays: 4 });
  });

  it("no spend at all forecasts $0", () => {
    expect(
      forecastMonth({ month: "2026-11", today: "2026-11-20", daily: new Map(), firstSpendDay: null }),
    ).toMatchObject({
      actualUsd: "0",
      forecastUsd: "0",
      meanDays: 0,
    });
  });
});

describe("meanWindow", () => {
  it("is the 7 days before today, cut at the first spend", () => {
    expect(meanWindow("2026-11-10", "2026-01-01")).toEqual({ first: "2026-11-03", last: "2026-11-09", days: 7 });
    expect(meanWindow("2026-11-10", "2026-11-08")).toEqual({ first: "2026-11-08", last: "2026-11-09", days: 2 });
    expect(meanWindow("2026-11-10", "2026-11-10").days).toBe(0);
  });
});

describe("budgetOutlook", () => {
  it("says on track, or over by the exact difference", () => {
    expect(budgetOutlook("500", "499.99")).toEqual({ onTrack: true, overByUsd: "0" });
    expect(budgetOutlook("500", "500")).toEqual({ onTrack: true, overByUsd: "0" });
    expect(budgetOutlook("500", "512.3")).toEqual({ onTrack: false, overByUsd: "12.3" });
  });
});
