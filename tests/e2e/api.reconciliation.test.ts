/**
 * Issue 11 through the running app: GET /api/reconciliation shows a capture rate of 1 on every
 * closed day and project of the emulator's bill, and a tampered day (one cost bucket changed with
 * the emulator's cost knob) is the one row it flags. E2E files run one at a time, so the
 * adjustment (removed in `finally`) is never seen by another suite.
 */
import { describe, expect, it } from "vitest";
import { adminKeyBody, ApiUser, env } from "./api-client";

interface Row {
  day: string;
  provider: string;
  projectId: string | null;
  billedUsd: string | null;
  captureRate: string | null;
  gapUsd: string | null;
  flagged: boolean;
}

const addDays = (day: string, n: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

async function ingestedUser(name: string, window: { start: string; end: string }) {
  const user = await ApiUser.signUp(name);
  expect((await user.call("POST", "/api/keys", adminKeyBody())).status).toBe(201);
  const ingest = await user.call<{ status: string }>("POST", "/api/usage", window);
  expect(ingest.status).toBe(200);
  expect(ingest.body.status).toBe("succeeded");
  return user;
}

async function reconciliation(user: ApiUser, window: { start: string; end: string }): Promise<Row[]> {
  const res = await user.call<{ days: Row[] }>("GET", `/api/reconciliation?start=${window.start}&end=${window.end}`);
  expect(res.status).toBe(200);
  return res.body.days;
}

describe("GET /api/reconciliation against the emulator's bill", () => {
  it("agrees on every closed day and project, and flags exactly a tampered day and project", async () => {
    const end = addDays(env().dataset.end, -1);
    const window = { start: addDays(end, -6), end };
    const clean = await reconciliation(await ingestedUser("recon-clean", window), window);
    const billed = clean.filter((r) => r.billedUsd !== null && r.billedUsd !== "0");
    expect(billed.length).toBeGreaterThan(5);
    expect(clean.filter((r) => r.flagged)).toEqual([]);
    for (const r of billed) expect(r.captureRate, `${r.day} ${r.projectId}`).toBe("1");

    const target = billed[Math.floor(billed.length / 2)]!;
    const extra = (Number(target.billedUsd) * 0.05).toFixed(6);
    const knob = `${env().emulatorOrigin}/__emulator/costs/adjustments`;
    const posted = await fetch(knob, {
      method: "POST",
      body: JSON.stringify({
        day: target.day,
        project_id: target.projectId,
        api_key_id: null,
        line_item: "gpt-4o-mini-2024-07-18, input",
        amount: extra,
      }),
    });
    expect(posted.status).toBe(200);
    try {
      const tampered = await reconciliation(await ingestedUser("recon-tampered", window), window);
      const flagged = tampered.filter((r) => r.flagged);
      expect(flagged.map((r) => `${r.day} ${r.projectId}`)).toEqual([`${target.day} ${target.projectId}`]);
      expect(Math.abs(Number(flagged[0]!.gapUsd) - Number(extra))).toBeLessThan(1e-8);
    } finally {
      await fetch(knob, { method: "DELETE" });
    }
  });
});
