import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { adminKey, get, startSmall, standardKey, unix } from "./helpers";

interface ErrorBody {
  error: { message: string; type: string; code: string | null; param: string | null };
}
interface ListBody {
  object: string;
  data: Array<{ id: string } & Record<string, unknown>>;
  first_id: string | null;
  last_id: string | null;
  has_more: boolean;
}

describe("auth", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startSmall({}, { projects: 25, archivedProjects: 2 });
  });
  afterAll(() => emulator.close());
  const usage = () => `${emulator.url}/organization/usage/completions?start_time=${unix("2025-03-01")}`;

  it("401s an unknown key without echoing it", async () => {
    const secret = "sk-admin-this-is-not-a-real-key-9xyz";
    const response = await get(usage(), secret);
    expect(response.status).toBe(401);
    const body = (await response.json()) as ErrorBody;
    expect(body.error).toMatchObject({ type: "invalid_request_error", code: "invalid_api_key" });
    expect(body.error.message).toContain("Incorrect API key provided: sk-...9xyz.");
    expect(JSON.stringify(body)).not.toContain(secret);
    expect(JSON.stringify(emulator.requestLog)).not.toContain(secret);
  });

  it("401s a missing key", async () => {
    const response = await get(usage(), null);
    expect(response.status).toBe(401);
    expect(((await response.json()) as ErrorBody).error.code).toBe("invalid_api_key");
  });

  it("403s a standard key on admin endpoints, with insufficient permissions", async () => {
    for (const path of ["/organization/usage/completions?start_time=1", "/organization/projects"]) {
      const response = await get(`${emulator.url}${path}`, standardKey(emulator));
      expect(response.status).toBe(403);
      expect(((await response.json()) as ErrorBody).error.message).toContain("insufficient permissions");
    }
  });

  it("checks the OpenAI-Organization header against the key's org", async () => {
    const org = emulator.dataset.organizations[0].id;
    expect((await get(usage(), adminKey(emulator), { "OpenAI-Organization": org })).status).toBe(200);
    const mismatch = await get(usage(), adminKey(emulator), { "OpenAI-Organization": "org_someoneelse" });
    expect(mismatch.status).toBe(401);
    expect(((await mismatch.json()) as ErrorBody).error.code).toBe("mismatched_organization");
  });

  it("404s unknown URLs in OpenAI's error shape", async () => {
    const response = await get(`${emulator.url}/organization/nope`, adminKey(emulator));
    expect(response.status).toBe(404);
    expect(((await response.json()) as ErrorBody).error.type).toBe("invalid_request_error");
  });
});

describe("admin lists", () => {
  let emulator: EmulatorHandle;
  let key: string;
  beforeAll(async () => {
    emulator = await startSmall({}, { projects: 25, apiKeysPerProject: 3, archivedProjects: 2 });
    key = adminKey(emulator);
  });
  afterAll(() => emulator.close());

  async function list(path: string): Promise<ListBody> {
    const response = await get(`${emulator.url}${path}`, key);
    expect(response.status, path).toBe(200);
    return (await response.json()) as ListBody;
  }

  it("paginates projects with after/limit (default 20) and hides archived ones by default", async () => {
    const first = await list("/organization/projects");
    expect(first.object).toBe("list");
    expect(first.data).toHaveLength(20);
    expect(first.has_more).toBe(true);
    expect(first.first_id).toBe(first.data[0].id);
    expect(first.last_id).toBe(first.data[19].id);
    const second = await list(`/organization/projects?after=${first.last_id}`);
    expect(second.data).toHaveLength(3);
    expect(second.has_more).toBe(false);
    const all = await list("/organization/projects?include_archived=true&limit=100");
    expect(all.data).toHaveLength(25);
    expect(all.data.filter((p) => p.status === "archived")).toHaveLength(2);
    expect(all.data[0]).toMatchObject({
      object: "organization.project",
      name: "Checkout Assistant",
      archived_at: null,
      status: "active",
    });
    expect((await get(`${emulator.url}/organization/projects?limit=101`, key)).status).toBe(400);
  });

  it("lists project users, service accounts and api keys", async () => {
    const project = emulator.dataset.organizations[0].projects[0].id;
    const users = await list(`/organization/projects/${project}/users`);
    expect(users.data[0]).toMatchObject({ object: "organization.project.user", role: "owner" });
    expect(users.data[0].id).toMatch(/^user_/);
    const accounts = await list(`/organization/projects/${project}/service_accounts`);
    expect(accounts.data[0].object).toBe("organization.project.service_account");
    const keys = await list(`/organization/projects/${project}/api_keys?limit=2`);
    expect(keys.data).toHaveLength(2);
    expect(keys.has_more).toBe(true);
    const rest = await list(`/organization/projects/${project}/api_keys?after=${keys.last_id}`);
    expect(rest.data).toHaveLength(1);
    const owner = keys.data[0].owner as { type: string };
    expect(["user", "service_account"]).toContain(owner.type);
    expect((await get(`${emulator.url}/organization/projects/proj_missing/users`, key)).status).toBe(404);
  });

  it("lists admin api keys and certificates", async () => {
    const admin = await list("/organization/admin_api_keys");
    expect(admin.data[0]).toMatchObject({ object: "organization.admin_api_key" });
    expect(String(admin.data[0].redacted_value)).toMatch(/^sk-admin/);
    const certs = await list("/organization/certificates");
    expect(certs.data[0]).toHaveProperty("certificate_details.expires_at");
  });
});

describe("legacy /v1/usage", () => {
  let emulator: EmulatorHandle;
  beforeAll(async () => {
    emulator = await startSmall();
  });
  afterAll(() => emulator.close());

  it("returns the standard key's project usage for the day, one entry per model", async () => {
    const credential = emulator.dataset.credentials.find((c) => c.kind === "standard")!;
    const response = await get(`${emulator.url}/usage?date=2025-03-10`, credential.key);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { object: string; data: Array<Record<string, number | string>> };
    expect(body.object).toBe("list");
    const truth = (await (
      await fetch(`${emulator.origin}/__emulator/totals?start=2025-03-10&end=2025-03-10&by=project,model`)
    ).json()) as {
      completions: {
        groups: Array<{
          project: string;
          model: string;
          num_model_requests: number;
          input_tokens: number;
          output_tokens: number;
        }>;
      };
    };
    const expected = truth.completions.groups.filter((g) => g.project === credential.projectId);
    expect(body.data).toHaveLength(expected.length);
    for (const g of expected) {
      const entry = body.data.find((e) => e.snapshot_id === g.model)!;
      expect(entry).toMatchObject({
        aggregation_timestamp: unix("2025-03-10"),
        operation: "completion",
        n_requests: g.num_model_requests,
        n_context_tokens_total: g.input_tokens,
        n_generated_tokens_total: g.output_tokens,
      });
    }
    expect((await get(`${emulator.url}/usage`, credential.key)).status).toBe(400);
    expect((await get(`${emulator.url}/usage?date=2025-03-10`, "sk-proj-unknown-key-1234")).status).toBe(401);
  });
});
