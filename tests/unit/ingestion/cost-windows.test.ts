import { describe, expect, it } from "vitest";
import { COST_RECHECK_DAYS, planCostWindows, planUsageWindows } from "@/lib/ingestion/windows";

const NOW = Date.parse("2025-12-20T15:00:00Z");
const usage = (start: string, end: string) => planUsageWindows({ start, end, defaultDays: 7, now: NOW });

describe("planCostWindows", () => {
  it("re-reads the last 3 closed UTC days when the usage window does not hold them (a backfill)", () => {
    const windows = planCostWindows(usage("2025-11-01", "2025-11-05"), NOW);
    expect(COST_RECHECK_DAYS).toBe(3);
    expect(windows).toHaveLength(2);
    expect(windows[0]!.days).toEqual(["2025-11-01", "2025-11-02", "2025-11-03", "2025-11-04", "2025-11-05"]);
    expect(windows[1]).toEqual({
      start: new Date("2025-12-17T00:00:00Z"),
      end: new Date("2025-12-20T00:00:00Z"),
      days: ["2025-12-17", "2025-12-18", "2025-12-19"],
    });
  });

  it("adds nothing when the usage window already holds those days (cron, Refresh)", () => {
    const window = planUsageWindows({ defaultDays: 7, now: NOW });
    expect(planCostWindows(window, NOW)).toEqual([window]);
  });

  it("re-reads all three when the window holds only some of them", () => {
    const windows = planCostWindows(usage("2025-12-18", "2025-12-20"), NOW);
    expect(windows.map((w) => w.days)).toEqual([
      ["2025-12-18", "2025-12-19", "2025-12-20"],
      ["2025-12-17", "2025-12-18", "2025-12-19"],
    ]);
  });
});
