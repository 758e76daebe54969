// The two emulator knobs the admin sync test relies on: a cap on admin list pages, and a fault that
// lets the first N matching requests through (so a listing fails on its Nth+1 page).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { adminKey, get, startSmall } from "./helpers";

describe("admin list page cap and skipped faults", () => {
  let emulator: EmulatorHandle;
  let key: string;
  beforeAll(async () => {
    emulator = await startSmall({ maxAdminPageSize: 2 });
    key = adminKey(emulator);
  });
  afterAll(() => emulator.close());

  it("serves at most maxAdminPageSize items a page, whatever limit asks", async () => {
    const project = emulator.dataset.organizations[0]!.projects[0]!;
    const keys = emulator.dataset.organizations[0]!.projectApiKeys.get(project.id)!;
    expect(keys.length).toBe(4);
    const path = `${emulator.url}/organization/projects/${project.id}/api_keys`;
    const first = (await (await get(`${path}?limit=100`, key)).json()) as {
      data: { id: string }[];
      has_more: boolean;
      last_id: string;
    };
    expect(first.data.map((k) => k.id)).toEqual(keys.slice(0, 2).map((k) => k.id));
    expect(first.has_more).toBe(true);
    const second = (await (await get(`${path}?limit=100&after=${first.last_id}`, key)).json()) as {
      data: { id: string }[];
      has_more: boolean;
    };
    expect(second.data.map((k) => k.id)).toEqual(keys.slice(2).map((k) => k.id));
    expect(second.has_more).toBe(false);
  });

  it("caps Anthropic admin list pages the same way", async () => {
    const anthropic = emulator.dataset.anthropic!;
    const key = anthropic.credentials.find((c) => c.kind === "admin")!.key;
    const response = await fetch(`${emulator.anthropicUrl}/v1/organizations/api_keys?limit=100`, {
      headers: { "x-api-key": key, "anthropic-version": "2023-06-01" },
    });
    const page = (await response.json()) as { data: unknown[]; has_more: boolean };
    expect(anthropic.organizations[0]!.apiKeys.length).toBeGreaterThan(2);
    expect(page.data).toHaveLength(2);
    expect(page.has_more).toBe(true);
  });

  it("a rule with skip lets that many matching requests through, then fires", async () => {
    const path = "/v1/organization/admin_api_keys";
    emulator.setFaults([{ key: "*", fault: "server_error", path, skip: 2, count: 1 }]);
    const statuses = [];
    for (let i = 0; i < 4; i++) statuses.push((await get(`${emulator.origin}${path}`, key)).status);
    expect(statuses).toEqual([200, 200, 500, 200]);
    emulator.clearFaults();
  });

  it("refuses a non-positive page cap", async () => {
    await expect(startSmall({ maxAdminPageSize: 0 })).rejects.toThrow(/maxAdminPageSize/);
  });
});
