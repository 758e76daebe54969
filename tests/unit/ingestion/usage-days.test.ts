import { describe, expect, it } from "vitest";
import { usageDayDigest } from "@/lib/ingestion/persist-usage-days";
import { rowsIn, UsageDayBuffer, type SourceDays } from "@/lib/ingestion/usage-days";
import type { ProviderUsageRecord } from "@/lib/providers/types";

function row(day: string, model = "gpt-4o", input = 10): ProviderUsageRecord {
  const windowStart = new Date(`${day}T00:00:00Z`);
  return {
    provider: "openai",
    source: "completions",
    model,
    windowStart,
    windowEnd: new Date(windowStart.getTime() + 86_400_000),
    inputTokens: input,
    outputTokens: 1,
    cachedInputTokens: 0,
    requests: 1,
    projectId: "proj",
    apiKeyId: null,
    providerUserId: null,
    serviceTier: null,
    batch: false,
  };
}

const shape = (groups: SourceDays[]) =>
  groups.map((g) => ({
    source: g.source,
    days: g.days.map((d) => `${d.day}:${d.records.length}${d.whole ? "" : " (part)"}`),
  }));

describe("UsageDayBuffer: a day is written once no later page can add to it", () => {
  it("holds the page's latest day and hands over every earlier one", () => {
    const b = new UsageDayBuffer();
    expect(shape(b.add("completions", [row("2026-01-01"), row("2026-01-01", "b")]))).toEqual([]);
    // Day 1 continues on page 2, which also reaches day 2: day 1 is complete, day 2 is not.
    expect(shape(b.add("completions", [row("2026-01-01", "c"), row("2026-01-02")]))).toEqual([
      { source: "completions", days: ["2026-01-01:3"] },
    ]);
    expect(shape(b.add("completions", [row("2026-01-02", "b"), row("2026-01-03"), row("2026-01-04")]))).toEqual([
      { source: "completions", days: ["2026-01-02:2", "2026-01-03:1"] },
    ]);
    expect(shape(b.drain())).toEqual([{ source: "completions", days: ["2026-01-04:1"] }]);
    expect(b.drain()).toEqual([]);
  });

  it("hands over all of a source when the next source starts, and an empty page completes nothing", () => {
    const b = new UsageDayBuffer();
    b.add("completions", [row("2026-01-01"), row("2026-01-02")]);
    expect(shape(b.add("completions", []))).toEqual([]);
    expect(shape(b.add("embeddings", [row("2026-01-01", "text-embedding-3-small")]))).toEqual([
      { source: "completions", days: ["2026-01-02:1"] },
    ]);
    expect(shape(b.drain())).toEqual([{ source: "embeddings", days: ["2026-01-01:1"] }]);
  });

  it("hands a day too large to hold over in parts, never as whole", () => {
    const b = new UsageDayBuffer(3);
    expect(shape(b.add("completions", [row("2026-01-01"), row("2026-01-01", "b")]))).toEqual([]);
    expect(shape(b.add("completions", [row("2026-01-01", "c"), row("2026-01-01", "d")]))).toEqual([
      { source: "completions", days: ["2026-01-01:4 (part)"] },
    ]);
    expect(shape(b.add("completions", [row("2026-01-01", "e"), row("2026-01-02")]))).toEqual([
      { source: "completions", days: ["2026-01-01:1 (part)"] },
    ]);
    expect(shape(b.drain())).toEqual([{ source: "completions", days: ["2026-01-02:1"] }]);
    // A stop mid-stream: what is held may be partial.
    b.add("embeddings", [row("2026-01-05")]);
    expect(shape(b.drain(false))).toEqual([{ source: "embeddings", days: ["2026-01-05:1 (part)"] }]);
  });

  it("loses no row when a page goes back in time: the late rows come out as their own part", () => {
    const b = new UsageDayBuffer();
    const out = [
      ...b.add("completions", [row("2026-01-01"), row("2026-01-02")]),
      ...b.add("completions", [row("2026-01-03")]),
      ...b.add("completions", [row("2026-01-01", "late"), row("2026-01-04")]),
      ...b.drain(),
    ];
    expect(rowsIn(out)).toBe(5);
    expect(out.flatMap((g) => g.days.map((d) => d.day))).toEqual([
      "2026-01-01",
      "2026-01-02",
      "2026-01-01",
      "2026-01-03",
      "2026-01-04",
    ]);
  });
});

describe("usageDayDigest", () => {
  const day = (records: ProviderUsageRecord[], costs: (string | null)[] = records.map(() => "0.5")) => ({
    day: "2026-01-01",
    records,
    costs,
  });
  const base = [row("2026-01-01", "a"), row("2026-01-01", "b")];

  it("does not depend on the order the provider lists the day's rows in", () => {
    expect(usageDayDigest(day([...base].reverse()), false)).toBe(usageDayDigest(day(base), false));
  });

  it("changes with any number, group, computed cost, row count or the simulated flag", () => {
    const digest = usageDayDigest(day(base), false);
    expect(usageDayDigest(day([base[0]!, row("2026-01-01", "b", 11)]), false)).not.toBe(digest);
    expect(usageDayDigest(day([base[0]!, { ...base[1]!, projectId: "other" }]), false)).not.toBe(digest);
    expect(usageDayDigest(day([base[0]!, { ...base[1]!, serviceTier: "flex" }]), false)).not.toBe(digest);
    expect(usageDayDigest(day(base, ["0.5", "0.6"]), false)).not.toBe(digest);
    expect(usageDayDigest(day([base[0]!]), false)).not.toBe(digest);
    expect(usageDayDigest(day(base), true)).not.toBe(digest);
    // A value that is missing is not an empty one, and a value in another field is another row.
    expect(usageDayDigest(day([base[0]!, { ...base[1]!, projectId: "" }]), false)).not.toBe(
      usageDayDigest(day([base[0]!, { ...base[1]!, projectId: null }]), false),
    );
    expect(usageDayDigest(day([base[0]!, { ...base[1]!, projectId: null, apiKeyId: "proj" }]), false)).not.toBe(digest);
    expect(usageDayDigest(day(base, ["0.5", null]), false)).not.toBe(usageDayDigest(day(base, ["0.5", ""]), false));
  });
});
