import { afterEach, describe, expect, it } from "vitest";
import { resetConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { verifyMetricsAuthorization } from "@/lib/metrics/auth";
import { setCaptureRate } from "@/lib/metrics/capture-rate";
import { countedFetch, statusClass, templateEndpoint } from "@/lib/metrics/provider-requests";
import { metrics } from "@/lib/metrics/registry";

afterEach(() => resetConfig());

describe("series names follow Prometheus conventions", () => {
  it("our series are prefixed, counters end in _total, and no label can carry an id", async () => {
    const ours = (await metrics().registry.getMetricsAsJSON()).filter((m) => !/^(process|nodejs)_/.test(m.name));
    expect(ours.length).toBeGreaterThanOrEqual(10);
    for (const m of ours) {
      expect(m.name).toMatch(/^cognitrack_[a-z_]+$/);
      if (String(m.type) === "counter") expect(m.name).toMatch(/_total$/);
      if (String(m.type) === "histogram") expect(m.name).toMatch(/_seconds$/);
      if (/timestamp/.test(m.name)) expect(m.name).toMatch(/_timestamp_seconds$/);
    }
    const names = Object.values(metrics()).flatMap(
      (metric) => (metric as unknown as { labelNames?: string[] }).labelNames ?? [],
    );
    for (const l of names) expect(l).toMatch(/^(provider|source|reason|endpoint|status_class)$/);
    expect(names.length).toBeGreaterThan(0);
  });

  it("exports default process metrics", async () => {
    const all = (await metrics().registry.getMetricsAsJSON()).map((m) => m.name);
    expect(all).toContain("process_cpu_user_seconds_total");
  });
});

describe("provider endpoints are templated, never raw URLs", () => {
  it.each([
    ["https://api.openai.com/v1/organization/usage/completions?start_time=1", "/v1/organization/usage/completions"],
    ["https://api.openai.com/v1/organization/projects/proj_abc123/api_keys", "/v1/organization/projects/:id/api_keys"],
    ["https://api.openai.com/v1/organization/projects/proj_alpha/users", "/v1/organization/projects/:id/users"],
    [
      "https://api.anthropic.com/v1/organizations/workspaces/wrkspc_01X/members",
      "/v1/organizations/workspaces/:id/members",
    ],
    ["http://127.0.0.1:4010/v1/organizations/usage_report/messages", "/v1/organizations/usage_report/messages"],
    ["https://api.openai.com/v1/organization/users/user-AbC", "/v1/organization/users/:id"],
    ["not a url", "unknown"],
  ])("%s -> %s", (url, endpoint) => {
    expect(templateEndpoint(url)).toBe(endpoint);
  });

  it("names status classes", () => {
    expect([200, 204, 401, 429, 503, 529, 0].map(statusClass)).toEqual([
      "2xx",
      "2xx",
      "4xx",
      "4xx",
      "5xx",
      "5xx",
      "error",
    ]);
  });

  it("counts each call by provider, endpoint and status class; a thrown call is an error", async () => {
    const counter = metrics().providerRequests;
    const read = async (labels: Record<string, string>) =>
      (await counter.get()).values.find((v) =>
        Object.entries(labels).every(([k, x]) => (v.labels as Record<string, unknown>)[k] === x),
      )?.value ?? 0;
    const ok = { provider: "test", endpoint: "/v1/organization/usage/completions", status_class: "2xx" };
    const err = { ...ok, status_class: "error" };
    const [okBefore, errBefore] = [await read(ok), await read(err)];
    const fetch = countedFetch("test", async (input) => {
      if (String(input).includes("boom")) throw new TypeError("fetch failed");
      return new Response("{}", { status: 200 });
    });
    await fetch("https://api.openai.com/v1/organization/usage/completions?page=x");
    await expect(fetch("https://api.openai.com/v1/organization/usage/completions?boom=1")).rejects.toThrow();
    expect(await read(ok)).toBe(okBefore + 1);
    expect(await read(err)).toBe(errBefore + 1);
  });
});

describe("GET /api/metrics authorization", () => {
  const token = "t".repeat(40);
  const code = (header: string | null) => {
    try {
      verifyMetricsAuthorization(header);
      return "ok";
    } catch (e) {
      return isAppError(e) ? e.status : "other";
    }
  };

  it("accepts only the configured bearer token (401 otherwise) and is 404 when no token is set", () => {
    resetConfig({ METRICS_TOKEN: token });
    expect(code(`Bearer ${token}`)).toBe("ok");
    expect(code(null)).toBe(401);
    expect(code(`Bearer ${token}x`)).toBe(401);
    expect(code(token)).toBe(401);
    resetConfig({ METRICS_TOKEN: "" });
    expect(code(`Bearer ${token}`)).toBe(404);
  });
});

describe("the capture-rate registration point", () => {
  it("sets a ratio per provider and ignores nonsense", async () => {
    setCaptureRate("openai", 0.995);
    setCaptureRate("openai", Number.NaN);
    const values = (await metrics().captureRate.get()).values;
    expect(values.find((v) => v.labels.provider === "openai")?.value).toBe(0.995);
  });
});
