import { describe, expect, it } from "vitest";
import { emptyTelemetry } from "@/lib/ingestion/telemetry";
import { createProgressReporter, formatStepLine, renderBar } from "../../../scripts/backfill/progress";
import type { StepResult } from "../../../scripts/backfill/run";

function step(overrides: Partial<StepResult> = {}): StepResult {
  return {
    index: 3,
    chunk: 3,
    start: "2026-01-15",
    end: "2026-01-21",
    days: 7,
    org: { id: "o1", name: "Acme" },
    state: "ok",
    dryRun: false,
    runId: "r1",
    status: "succeeded",
    telemetry: { ...emptyTelemetry(), rowsFetched: 12345, rowsInserted: 1200, rowsUpdated: 0 },
    durationMs: 2100,
    ...overrides,
  };
}

describe("formatStepLine", () => {
  it("says what one chunk did", () => {
    expect(formatStepLine(step(), 13)).toBe(
      "[3/13] 2026-01-15..2026-01-21 Acme: 12,345 rows (1,200 new, 0 updated) in 2.1s",
    );
  });

  it("marks dry runs, failures, interruptions and issues", () => {
    expect(formatStepLine(step({ dryRun: true }), 13)).toContain("12,345 rows fetched (dry run, nothing stored)");
    const t = { ...emptyTelemetry(), keysFailed: 1 };
    t.issues.push({ code: "AUTH_FAILED", message: "The key was rejected.", count: 1, keys: ["k"] });
    expect(formatStepLine(step({ state: "failed", status: "failed", telemetry: t }), 13)).toBe(
      "[3/13] 2026-01-15..2026-01-21 Acme: FAILED, 0 rows (0 new, 0 updated) in 2.1s [AUTH_FAILED: The key was rejected.]",
    );
    expect(formatStepLine(step({ state: "error", telemetry: undefined, error: "db gone" }), 13)).toBe(
      "[3/13] 2026-01-15..2026-01-21 Acme: FAILED in 2.1s: db gone",
    );
    expect(formatStepLine(step({ state: "interrupted" }), 13)).toContain("INTERRUPTED after 12,345 rows");
  });
});

describe("renderBar", () => {
  it("fills in proportion and fits the terminal", () => {
    expect(renderBar({ done: 0, total: 4 }, 100, 8)).toBe("[░░░░░░░░] 0/4");
    expect(renderBar({ done: 2, total: 4 }, 100, 8)).toBe("[████░░░░] 2/4");
    const full = renderBar(
      {
        done: 3,
        total: 13,
        step: { index: 4, range: "2026-01-22..2026-01-28", org: "Acme" },
        page: { keyLabel: "Org admin", endpoint: "completions", page: 2, rows: 40 },
        rows: 4120,
      },
      200,
    );
    expect(full).toContain("3/13 · 2026-01-22..2026-01-28 Acme · Org admin: completions p2 · 4,120 rows");
    expect(
      renderBar({ done: 3, total: 13, rows: 1, step: { index: 1, range: "x".repeat(80), org: "u" } }, 40),
    ).toHaveLength(39);
  });
});

describe("createProgressReporter", () => {
  it("draws a bar only on a terminal and keeps lines above it", () => {
    const out: string[] = [];
    const tty = createProgressReporter({ isTTY: true, columns: 80, write: (s: string) => out.push(s) > 0 });
    tty.bar({ done: 1, total: 2 });
    tty.line("hello");
    tty.close();
    expect(out.join("")).toBe(
      "[██████████░░░░░░░░░░] 1/2" + "\r\x1b[2K" + "hello\n" + "[██████████░░░░░░░░░░] 1/2" + "\r\x1b[2K",
    );

    const plain: string[] = [];
    const pipe = createProgressReporter({ isTTY: false, write: (s: string) => plain.push(s) > 0 });
    pipe.bar({ done: 1, total: 2 });
    pipe.line("hello");
    pipe.close();
    expect(plain).toEqual(["hello\n"]);
  });
});
