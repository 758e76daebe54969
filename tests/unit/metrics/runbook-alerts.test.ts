/**
 * The alert rules the runbook recommends are valid YAML and name only series CogniTrack registers:
 * renaming a metric without fixing the runbook fails here.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { metrics } from "@/lib/metrics/registry";

// js-yaml ships with the toolchain (eslint); its types are not installed.
const yaml = createRequire(import.meta.url)("js-yaml") as { load(text: string): unknown };

interface Rule {
  alert: string;
  expr: string;
  labels?: { severity?: string };
  annotations?: { summary?: string };
}

function alertRules(): Rule[] {
  const page = readFileSync("docs-site/docs/runbook-alerts.md", "utf8");
  const blocks = [...page.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => yaml.load(m[1]!) as { groups?: unknown });
  const rules = blocks.flatMap((b) => ((b.groups as { rules: Rule[] }[] | undefined) ?? []).flatMap((g) => g.rules));
  return rules;
}

/** Series names in a PromQL expression. */
const seriesIn = (expr: string) => expr.match(/\b(?:cognitrack|process|nodejs)_[a-z_]+\b/g) ?? [];

describe("the runbook's alert rules", () => {
  const rules = alertRules();

  it("cover the alerts the runbook promises", () => {
    expect(rules.map((r) => r.alert)).toEqual(
      expect.arrayContaining([
        "CogniTrackNoSuccessfulSync",
        "CogniTrackSyncFailureRatio",
        "CogniTrackCertificatesExpiring",
        "CogniTrackCaptureRateLow",
      ]),
    );
    const noSync = rules.find((r) => r.alert === "CogniTrackNoSuccessfulSync")!;
    expect(noSync.expr).toMatch(/> 2 \* 86400/);
    expect(rules.find((r) => r.alert === "CogniTrackCaptureRateLow")!.expr).toMatch(/< 0\.99/);
  });

  it("use only registered series, each rule at least one, with a severity and a summary", async () => {
    const registered = new Set((await metrics().registry.getMetricsAsJSON()).map((m) => m.name));
    expect(rules.length).toBeGreaterThanOrEqual(4);
    for (const rule of rules) {
      const used = seriesIn(rule.expr);
      expect(used.length, rule.alert).toBeGreaterThan(0);
      for (const name of used) {
        // A histogram's series carry _bucket/_count/_sum after its registered name.
        const known = registered.has(name) || registered.has(name.replace(/_(bucket|count|sum)$/, ""));
        expect(known, `${rule.alert} uses ${name}`).toBe(true);
      }
      expect(rule.labels?.severity, rule.alert).toMatch(/^(page|ticket)$/);
      expect(rule.annotations?.summary, rule.alert).toBeTruthy();
    }
  });
});
