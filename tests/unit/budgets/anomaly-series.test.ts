/**
 * judgeSeries (one parse per series, integer arithmetic) against the rule written out day by day
 * with decimal strings: the same judgements, to the digit, for any series.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ANOMALY_MIN_HISTORY_DAYS, ANOMALY_WINDOW_DAYS, judgeSeries, madOf, medianOf } from "@/lib/anomalies/rule";
import { addDays, daysInRange } from "@/lib/dates";
import { addDecimals, compareDecimals, maxDecimal, multiplyDecimals } from "@/lib/money/decimal-math";

const START = "2026-10-01";
const END = "2026-10-31";

/** The rule as its doc states it, one day at a time. */
function oracle(daily: Map<string, string>, firstSpendDay: string, rule: { k: string; floorUsd: string }) {
  const out = [];
  for (let day = START; day <= END; day = addDays(day, 1)) {
    let first = addDays(day, -ANOMALY_WINDOW_DAYS);
    if (firstSpendDay > first) first = firstSpendDay;
    const historyDays = daysInRange(first, addDays(day, -1));
    if (historyDays < ANOMALY_MIN_HISTORY_DAYS) continue;
    const history = Array.from({ length: historyDays }, (_, i) => daily.get(addDays(first, i)) ?? "0");
    const median = medianOf(history);
    const mad = madOf(history, median);
    const threshold = addDecimals(median, maxDecimal(multiplyDecimals(rule.k, mad), rule.floorUsd));
    const amount = daily.get(day) ?? "0";
    out.push({
      day,
      amountUsd: amount,
      medianUsd: median,
      madUsd: mad,
      thresholdUsd: threshold,
      anomalous: compareDecimals(amount, threshold) > 0,
      historyDays,
    });
  }
  return out;
}

const amount = fc
  .tuple(fc.nat({ max: 5000 }), fc.integer({ min: 0, max: 9 }), fc.nat({ max: 999_999 }))
  .map(([whole, scale, frac]) =>
    scale === 0 ? String(whole) : `${whole}.${String(frac).padStart(6, "0").slice(0, scale)}`,
  );

describe("judgeSeries", () => {
  it("judges every day exactly as the rule written out day by day", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -40, max: 30 }), amount), { maxLength: 70 }),
        fc.constantFrom("3", "2.5", "0"),
        fc.constantFrom("5", "0", "0.01"),
        (entries, k, floorUsd) => {
          const daily = new Map(entries.map(([offset, value]) => [addDays(START, offset), value]));
          const firstSpendDay = [...daily.keys()].sort()[0];
          if (!firstSpendDay) {
            expect(judgeSeries(START, END, daily, null, { k, floorUsd })).toEqual([]);
          } else {
            expect(judgeSeries(START, END, daily, firstSpendDay, { k, floorUsd })).toEqual(
              oracle(daily, firstSpendDay, { k, floorUsd }),
            );
          }
        },
      ),
      { seed: 20261201, numRuns: 300 },
    );
  });
});
