import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { adminKey, get, startSmall, unix } from "./helpers";

describe("fault modes", () => {
  let emulator: EmulatorHandle;
  let key: string;
  let url: string;
  beforeAll(async () => {
    emulator = await startSmall();
    key = adminKey(emulator);
    url = `${emulator.url}/organization/usage/completions?start_time=${unix("2025-03-01")}&limit=2`;
  });
  afterEach(() => emulator.clearFaults());
  afterAll(() => emulator.close());

  it("rate_limit: 429 with Retry-After and x-ratelimit headers, recovering after count", async () => {
    emulator.setFaults([{ key, fault: "rate_limit", count: 2, retryAfterSeconds: 3 }]);
    for (let i = 0; i < 2; i++) {
      const response = await get(url, key);
      expect(response.status).toBe(429);
      expect(response.headers.get("retry-after")).toBe("3");
      expect(response.headers.get("x-ratelimit-remaining-requests")).toBe("0");
      expect(response.headers.get("x-ratelimit-limit-requests")).toBeTruthy();
      const body = (await response.json()) as { error: { code: string } };
      expect(body.error.code).toBe("rate_limit_exceeded");
    }
    expect((await get(url, key)).status).toBe(200);
  });

  it("rate_limit can send Retry-After as an HTTP date", async () => {
    emulator.addFault({ key, fault: "rate_limit", count: 1, retryAfterSeconds: 5, retryAfterFormat: "http-date" });
    const response = await get(url, key);
    expect(response.status).toBe(429);
    const at = Date.parse(response.headers.get("retry-after")!);
    expect(at - Date.now()).toBeGreaterThan(3_000);
    expect(at - Date.now()).toBeLessThan(7_000);
  });

  it("server_error and unavailable, count-limited, in sequence", async () => {
    emulator.setFaults([
      { key, fault: "server_error", count: 1 },
      { key, fault: "unavailable", count: 1, retryAfterSeconds: 2 },
    ]);
    const first = await get(url, key);
    expect(first.status).toBe(500);
    expect(((await first.json()) as { error: { type: string } }).error.type).toBe("server_error");
    const second = await get(url, key);
    expect(second.status).toBe(503);
    expect(second.headers.get("retry-after")).toBe("2");
    expect((await get(url, key)).status).toBe(200);
  });

  it("slow delays the answer", async () => {
    emulator.addFault({ key, fault: "slow", count: 1, delayMs: 300 });
    const started = Date.now();
    const response = await get(url, key);
    expect(response.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
  });

  it("malformed_json and truncated: 200 bodies that do not parse", async () => {
    for (const fault of ["malformed_json", "truncated"] as const) {
      emulator.addFault({ key, fault, count: 1 });
      const response = await get(url, key);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain("application/json");
      const text = await response.text();
      expect(() => JSON.parse(text)).toThrow();
      if (fault === "truncated") expect(text.startsWith('{"object":"page"')).toBe(true);
    }
    expect((await get(url, key)).status).toBe(200);
  });

  it("foreign_next_page points next_page at another host", async () => {
    emulator.addFault({ key, fault: "foreign_next_page", count: 1 });
    const body = (await (await get(url, key)).json()) as { has_more: boolean; next_page: string };
    expect(body.has_more).toBe(true);
    expect(body.next_page).toBe("http://169.254.169.254/latest/meta-data");
  });

  it("forbidden and unauthorized", async () => {
    emulator.setFaults([
      { key, fault: "forbidden", count: 1 },
      { key, fault: "unauthorized", count: 1 },
    ]);
    const forbidden = await get(url, key);
    expect(forbidden.status).toBe(403);
    expect(((await forbidden.json()) as { error: { message: string } }).error.message).toContain(
      "insufficient permissions",
    );
    const unauthorized = await get(url, key);
    expect(unauthorized.status).toBe(401);
    expect(((await unauthorized.json()) as { error: { code: string } }).error.code).toBe("invalid_api_key");
    expect((await get(url, key)).status).toBe(200);
  });

  it("per-request faults via the x-emulator-fault header", async () => {
    const limited = await get(url, key, { "x-emulator-fault": "rate_limit", "x-emulator-retry-after": "4" });
    expect(limited.status).toBe(429);
    expect(limited.headers.get("retry-after")).toBe("4");
    expect((await get(url, key, { "x-emulator-fault": "server_error" })).status).toBe(500);
    expect((await get(url, key, { "x-emulator-fault": "no_such_mode" })).status).toBe(400);
    expect((await get(url, key)).status).toBe(200);
  });

  it("control endpoint sets, lists and clears faults", async () => {
    const post = await fetch(`${emulator.origin}/__emulator/faults`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ key, fault: "unavailable", count: 1, retryAfterSeconds: 1 }),
    });
    expect(post.status).toBe(200);
    expect((await get(url, key)).status).toBe(503);
    expect((await get(url, key)).status).toBe(200);

    await fetch(`${emulator.origin}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ key: "*", fault: "server_error" }),
    });
    expect((await get(url, key)).status).toBe(500);
    const listed = (await (await fetch(`${emulator.origin}/__emulator/faults`)).json()) as { faults: unknown[] };
    expect(listed.faults).toHaveLength(1);
    await fetch(`${emulator.origin}/__emulator/faults`, { method: "DELETE" });
    expect((await get(url, key)).status).toBe(200);

    const invalid = await fetch(`${emulator.origin}/__emulator/faults`, {
      method: "POST",
      body: JSON.stringify({ key, fault: "explode" }),
    });
    expect(invalid.status).toBe(400);
  });

  it("registered keys can fail permanently", async () => {
    emulator.registerKey({ key: "sk-admin-always-limited-0001", kind: "admin", fault: "rate_limit" });
    for (let i = 0; i < 3; i++) expect((await get(url, "sk-admin-always-limited-0001")).status).toBe(429);
    const response = await fetch(`${emulator.origin}/__emulator/keys`, {
      method: "POST",
      body: JSON.stringify({ key: "sk-proj-broken-json-0002", kind: "standard", fault: "malformed_json" }),
    });
    expect(response.status).toBe(200);
    const legacy = await get(`${emulator.url}/usage?date=2025-03-10`, "sk-proj-broken-json-0002");
    expect(legacy.status).toBe(200);
    await expect(legacy.json()).rejects.toThrow();
    expect((await get(url, key)).status).toBe(200);
  });

  it("logs requests with masked keys", async () => {
    emulator.requestLog.length = 0;
    emulator.addFault({ key, fault: "rate_limit", count: 1 });
    await get(url, key);
    await get(url, key);
    expect(emulator.requestLog.map((e) => e.status)).toEqual([429, 200]);
    expect(emulator.requestLog[0]).toMatchObject({ method: "GET", key: `sk-...${key.slice(-4)}`, fault: "rate_limit" });
    expect(JSON.stringify(emulator.requestLog)).not.toContain(key);
  });
});
