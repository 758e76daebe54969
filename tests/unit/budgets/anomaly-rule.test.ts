import { describe, expect, it } from "vitest";
import { judgeDay, madOf, medianOf } from "@/lib/anomalies/rule";

const RULE = { k: "3", floorUsd: "5" };
/** `n` days ending the day before 2026-11-29, with amounts from `f(i)` (i = 0 is the oldest). */
function history(n: number, f: (i: number) => string, day = "2026-11-29"): Map<string, string> {
  const end = Date.parse(`${day}T00:00:00Z`);
  const m = new Map<string, string>();
  for (let i = 0; i < n; i++) m.set(new Date(end - (n - i) * 86_400_000).toISOString().slice(0, 10), f(i));
  return m;
}

describe("median and MAD", () => {
  it("are exact, including the mean of the middle two", () => {
    expect(medianOf(["3", "1", "2"])).toBe("2");
    expect(medianOf(["1", "2", "3", "4.05"])).toBe("2.5");
    expect(medianOf(["0.01", "0.02"])).toBe("0.015");
    expect(madOf(["1", "2", "3", "4", "100"], "3")).toBe("1");
  });
});

describe("judgeDay", () => {
  it("a flat history (MAD 0) flags only a jump past the dollar floor", () => {
    const daily = history(28, () => "100");
    daily.set("2026-11-29", "104.99");
    expect(judgeDay("2026-11-29", daily, "2026-01-01", RULE)).toMatchObject({
      anomalous: false,
      thresholdUsd: "105",
      madUsd: "0",
    });
    daily.set("2026-11-29", "105.01");
    expect(judgeDay("2026-11-29", daily, "2026-01-01", RULE)?.anomalous).toBe(true);
  });

  it("$0.02 to $0.10 is not news (the floor), however many MADs it is", () => {
    const daily = history(28, (i) => (i % 2 ? "0.02" : "0.03"));
    daily.set("2026-11-29", "0.10");
    expect(judgeDay("2026-11-29", daily, "2026-01-01", RULE)?.anomalous).toBe(false);
  });

  it("a noisy history needs k × MAD above the median when that is above the floor", () => {
    // Alternating 80/120: median 100, MAD 20, line = 100 + max(60, 5) = 160
    const daily = history(28, (i) => (i % 2 ? "80" : "120"));
    daily.set("2026-11-29", "160");
    expect(judgeDay("2026-11-29", daily, "2026-01-01", RULE)).toMatchObject({
      medianUsd: "100",
      madUsd: "20",
      thresholdUsd: "160",
      anomalous: false,
    });
    daily.set("2026-11-29", "160.01");
    expect(judgeDay("2026-11-29", daily, "2026-01-01", RULE)?.anomalous).toBe(true);
  });

  it("missing days in the window count as $0", () => {
    // 28-day window with spend on 10 days only: median 0, MAD 0, line = 0 + 5
    const daily = history(28, (i) => (i < 10 ? "50" : "0"));
    for (const [k, v] of [...daily]) if (v === "0") daily.delete(k);
    daily.set("2026-11-29", "5.01");
    expect(judgeDay("2026-11-29", daily, "2026-10-01", RULE)).toMatchObject({
      medianUsd: "0",
      anomalous: true,
      historyDays: 28,
    });
  });

  it("judges nothing with fewer than 7 days of history since the first spend", () => {
    const daily = history(6, () => "1");
    daily.set("2026-11-29", "500");
    expect(judgeDay("2026-11-29", daily, "2026-11-23", RULE)).toBeNull();
    expect(judgeDay("2026-11-29", daily, "2026-11-22", RULE)?.historyDays).toBe(7);
    expect(judgeDay("2026-11-29", daily, null, RULE)).toBeNull();
  });

  it("takes k from the rule", () => {
    const daily = history(28, (i) => (i % 2 ? "80" : "120"));
    daily.set("2026-11-29", "150");
    expect(judgeDay("2026-11-29", daily, "2026-01-01", { k: "2.5", floorUsd: "5" })).toMatchObject({
      thresholdUsd: "150",
      anomalous: false,
    });
    expect(judgeDay("2026-11-29", daily, "2026-01-01", { k: "2", floorUsd: "5" })?.anomalous).toBe(true);
  });
});
