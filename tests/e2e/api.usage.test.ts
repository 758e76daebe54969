import { describe, expect, it } from "vitest";
import { adminKeyBody, ApiUser, env } from "./api-client";

interface Telemetry {
  keysProcessed: number;
  rowsInserted: number;
  rowsUpdated: number;
  rowsUnchanged: number;
  issues: { code: string }[];
}

describe("POST /api/usage", () => {
  it("ingests the current organization's keys and is idempotent", async () => {
    const user = await ApiUser.signUp("usage");
    await user.call("POST", "/api/keys", adminKeyBody());
    const window = { start: env().dataset.end.slice(0, 8) + "01", end: env().dataset.end };
    const first = await user.call<{ status: string; telemetry: Telemetry }>("POST", "/api/usage", window);
    expect(first.status).toBe(200);
    expect(first.body.status).toBe("succeeded");
    expect(first.body.telemetry.keysProcessed).toBe(1);
    expect(first.body.telemetry.rowsInserted).toBeGreaterThan(0);
    const second = await user.call<{ telemetry: Telemetry }>("POST", "/api/usage", window);
    expect(second.body.telemetry.rowsInserted).toBe(0);
    expect(second.body.telemetry.rowsUpdated).toBe(0);
    expect(second.body.telemetry.rowsUnchanged).toBe(first.body.telemetry.rowsInserted);
    expect(first.text + second.text).not.toContain(env().admin.apiKey);
  });

  it.each([
    [{ start: "2026-02-30" }, /real date/],
    [{ start: "yesterday" }, /YYYY-MM-DD/],
    [{ start: "2026-03-10", end: "2026-03-01" }, /after end/],
    [{ start: "2024-01-01", end: "2024-12-31" }, /at most 92/],
    [{ start: "2026-01-01", extra: 1 }, /unknown field/],
  ])("rejects %j with a readable 400", async (body, message) => {
    const user = await ApiUser.signUp("usage-bad");
    const res = await user.call<{ error: { message: string } }>("POST", "/api/usage", body);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(message);
  });
});

describe("GET /api/cron/daily-usage with the right secret", () => {
  it("ingests every organization with keys and reports what it did", async () => {
    const user = await ApiUser.signUp("cron");
    await user.call("POST", "/api/keys", adminKeyBody("Cron key"));
    const res = await fetch(`${env().appUrl}/api/cron/daily-usage`, {
      headers: { authorization: `Bearer ${env().cronSecret}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      organizations: { total: number; failed: number };
      runIds: string[];
      telemetry: Telemetry;
      workItems: { thisRun: { done: number; released: number; errored: number; lost: number } };
    };
    expect(body.organizations.total).toBeGreaterThanOrEqual(1);
    expect(body.organizations.failed).toBe(0);
    // One run per provider account this invocation took from the day's queue (an organization may have several).
    expect(body.runIds.length).toBe(body.workItems.thisRun.done + body.workItems.thisRun.released);
    expect(body.runIds.length).toBeGreaterThanOrEqual(body.organizations.total);
    expect(body.telemetry.keysProcessed).toBeGreaterThanOrEqual(1);
  });
});
