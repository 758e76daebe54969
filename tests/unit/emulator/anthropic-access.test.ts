import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { anthropicAdminKey as adminKey, call, USAGE, VERSION, type ReportPage } from "./anthropic-helpers";
import { startSmall } from "./helpers";

describe("Anthropic auth, lists and faults on the emulator", () => {
  let emulator: EmulatorHandle;
  const usageUrl = `${USAGE}?starting_at=2025-03-01T00:00:00Z&limit=1`;
  beforeAll(async () => {
    emulator = await startSmall();
  });
  afterEach(() => emulator.clearFaults());
  afterAll(() => emulator.close());

  it("wants x-api-key and a known anthropic-version; a regular key is refused with 403", async () => {
    const key = adminKey(emulator);
    const bearer = await fetch(`${emulator.anthropicUrl}${usageUrl}`, {
      headers: { authorization: `Bearer ${key}`, ...VERSION },
    });
    expect(bearer.status).toBe(401);
    expect((await call(emulator, usageUrl, "sk-ant-admin01-unknown")).status).toBe(401);
    expect((await call(emulator, usageUrl, key, {})).status).toBe(400);
    expect((await call(emulator, usageUrl, key, { "anthropic-version": "2026-10-21" })).status).toBe(400);
    const regular = emulator.dataset.anthropic!.credentials.find((c) => c.kind === "standard")!.key;
    const refused = await call(emulator, usageUrl, regular);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { type: string } }).error.type).toBe("permission_error");
    expect((await call(emulator, usageUrl, key)).status).toBe(200);
  });

  it("lists workspaces, API keys (the default workspace's with workspace_id null) and users with after_id", async () => {
    const key = adminKey(emulator);
    const org = emulator.dataset.anthropic!.organizations[0];
    const first = (await (await call(emulator, "/v1/organizations/api_keys?limit=2", key)).json()) as {
      data: Array<{ id: string; workspace_id: string | null }>;
      has_more: boolean;
      last_id: string;
    };
    expect(first.data).toHaveLength(2);
    expect(first.has_more).toBe(true);
    const rest = (await (
      await call(emulator, `/v1/organizations/api_keys?limit=100&after_id=${first.last_id}`, key)
    ).json()) as {
      data: Array<{ id: string; workspace_id: string | null }>;
    };
    expect([...first.data, ...rest.data].map((k) => k.id)).toEqual(org.apiKeys.map((k) => k.id));
    expect(org.apiKeys.some((k) => k.workspace_id === null)).toBe(true);
    const workspaces = (await (await call(emulator, "/v1/organizations/workspaces", key)).json()) as {
      data: Array<{ id: string }>;
    };
    expect(workspaces.data.map((w) => w.id)).toEqual(org.workspaces.map((w) => w.id));
    expect(workspaces.data.every((w) => w.id.startsWith("wrkspc_"))).toBe(true);
    const users = (await (await call(emulator, "/v1/organizations/users", key)).json()) as {
      data: Array<{ email: string }>;
    };
    expect(users.data.length).toBe(org.users.length);
    expect((await call(emulator, "/v1/organizations/workspaces?limit=1001", key)).status).toBe(400);
  });

  it("overloaded: 529 in Anthropic's shape, per key (count-limited) or per request", async () => {
    const key = adminKey(emulator);
    emulator.addFault({ key, fault: "overloaded", count: 1 });
    const first = await call(emulator, usageUrl, key);
    expect(first.status).toBe(529);
    expect(await first.json()).toEqual({ type: "error", error: { type: "overloaded_error", message: "Overloaded" } });
    expect((await call(emulator, usageUrl, key)).status).toBe(200);
    const perRequest = await call(emulator, usageUrl, key, { ...VERSION, "x-emulator-fault": "overloaded" });
    expect(perRequest.status).toBe(529);
    expect(emulator.requestLog.at(-1)).toMatchObject({
      status: 529,
      fault: "overloaded",
      key: `sk-...${key.slice(-4)}`,
    });
  });

  it.each([
    ["rate_limit", 429, "rate_limit_error"],
    ["server_error", 500, "api_error"],
    ["forbidden", 403, "permission_error"],
    ["unauthorized", 401, "authentication_error"],
  ] as const)("%s answers %i %s", async (fault, status, type) => {
    const key = adminKey(emulator);
    emulator.addFault({ key, fault, count: 1, retryAfterSeconds: 4 });
    const response = await call(emulator, usageUrl, key);
    expect(response.status).toBe(status);
    expect(((await response.json()) as { error: { type: string } }).error.type).toBe(type);
    if (fault === "rate_limit") expect(response.headers.get("retry-after")).toBe("4");
  });

  it("foreign_next_page, malformed_json and truncated alter the report body", async () => {
    const key = adminKey(emulator);
    emulator.setFaults([
      { key, fault: "foreign_next_page", count: 1 },
      { key, fault: "malformed_json", count: 1 },
      { key, fault: "truncated", count: 1 },
    ]);
    const foreign = (await (await call(emulator, usageUrl, key)).json()) as ReportPage;
    expect(foreign).toMatchObject({ has_more: true, next_page: "http://169.254.169.254/latest/meta-data" });
    expect((await (await call(emulator, usageUrl, key)).text()).startsWith("<html>")).toBe(true);
    const truncated = await (await call(emulator, usageUrl, key)).text();
    expect(() => JSON.parse(truncated)).toThrow();
  });

  it("accepts extra Anthropic keys, optionally failing for good", async () => {
    emulator.registerKey({
      key: "sk-ant-admin01-extra-broken",
      provider: "anthropic",
      kind: "admin",
      fault: "overloaded",
    });
    expect((await call(emulator, usageUrl, "sk-ant-admin01-extra-broken")).status).toBe(529);
    const credentials = (await (await fetch(`${emulator.origin}/__emulator/credentials`)).json()) as {
      anthropic: { organizations: Array<{ admin_keys: string[] }> };
    };
    expect(credentials.anthropic.organizations[0].admin_keys).toContain("sk-ant-admin01-extra-broken");
  });
});
