import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { credentialFromStoredKey, sampleAdminUsage } from "../../../scripts/admin-usage-sample";
import type { EmulatorHandle } from "../../../scripts/emulator/server";
import { UsageError } from "../../../scripts/lib/runtime";
import type { DbHandle } from "@/db/types";
import type { AppConfig } from "@/lib/env";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { adminCredential, emulatorConfig, orgWithAdminKey } from "../ingestion/harness";
import { createTestDb, createTestOrg, createTestUser } from "../test-db";
import { startCliEmulator } from "./helpers";

let handle: DbHandle;
let emulator: EmulatorHandle;
let config: AppConfig;
const NOW = Date.parse("2026-10-20T12:00:00Z");

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startCliEmulator(5000);
  config = emulatorConfig(emulator);
});
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

describe("admin usage sample against the emulator", () => {
  it("sends exactly one request and says the credentials work", async () => {
    const cred = adminCredential(emulator);
    const before = emulator.requestLog.length;
    const result = await sampleAdminUsage({ ...cred, source: "test" }, { config, days: 3, now: NOW });
    expect(emulator.requestLog.length - before).toBe(1);
    expect(result.ok).toBe(true);
    expect(result.verdict).toMatch(/^Credentials OK: 4 buckets, [1-9]\d* results\.$/);
    expect(result.url).toContain("/organization/usage/completions?start_time=1792195200&end_time=1792497600");
    expect(result.url).toContain("bucket_width=1d");
    const body = JSON.parse(result.body!) as { object: string; data: { results: unknown[] }[] };
    expect(body.object).toBe("page");
    expect(result.verdict).toContain(`${body.data.reduce((n, b) => n + b.results.length, 0)} results`);
    expect(result.body).not.toContain(cred.apiKey);
  });

  it("shows the provider's refusal in plain words with its code, without retrying or echoing the key", async () => {
    const wrong = "sk-admin-not-a-real-key-0000000000";
    const denied = await sampleAdminUsage({ apiKey: wrong, source: "test" }, { config, now: NOW });
    expect(denied).toMatchObject({ ok: false, code: "AUTH_FAILED", httpStatus: 401 });
    expect(denied.verdict).toMatch(/^Credentials FAILED \(AUTH_FAILED, HTTP 401\): /);
    expect(denied.body).toContain("invalid_api_key");
    expect(`${denied.body}${denied.verdict}`).not.toContain(wrong);

    const standard = emulator.dataset.credentials.find((c) => c.kind === "standard")!;
    const forbidden = await sampleAdminUsage({ apiKey: standard.key, source: "test" }, { config, now: NOW });
    expect(forbidden).toMatchObject({ ok: false, code: "PERMISSION_DENIED", httpStatus: 403 });

    const cred = adminCredential(emulator);
    emulator.setFaults([{ key: cred.apiKey, fault: "server_error", count: 5 }]);
    const before = emulator.requestLog.length;
    const failing = await sampleAdminUsage({ ...cred, source: "test" }, { config, now: NOW });
    emulator.clearFaults();
    expect(emulator.requestLog.length - before).toBe(1);
    expect(failing).toMatchObject({ ok: false, code: "UPSTREAM_ERROR", httpStatus: 500 });

    const offline = await sampleAdminUsage(
      { ...cred, source: "test" },
      { config: emulatorConfig(emulator, { OPENAI_API_BASE_URL: "http://127.0.0.1:9/v1" }), now: NOW },
    );
    expect(offline).toMatchObject({ ok: false, code: "NETWORK_ERROR", body: null });
  });

  it("loads and decrypts a stored key, only from the organization that holds it", async () => {
    const { org, key } = await orgWithAdminKey(handle.db, emulator);
    const cred = await credentialFromStoredKey(handle.db, { keyOrg: org.name }, key.id);
    expect(cred).toMatchObject({
      apiKey: adminCredential(emulator).apiKey,
      organizationId: key.organizationId,
      projectId: key.projectId,
    });
    expect(cred.source).toContain(key.maskedKey);
    expect((await sampleAdminUsage(cred, { config, now: NOW })).ok).toBe(true);

    const stranger = await createTestOrg(handle.db, "owner", "stranger");
    await expect(credentialFromStoredKey(handle.db, { keyOrg: stranger.org.id }, key.id)).rejects.toThrow(
      new UsageError(`no key ${key.id} belongs to ${stranger.org.name}`),
    );
    const person = await createTestUser(handle.db, "person");
    const personal = await ensurePersonalOrganization(handle.db, person);
    await expect(credentialFromStoredKey(handle.db, { user: person.email }, key.id)).rejects.toThrow(
      new UsageError(`no key ${key.id} belongs to ${personal.name}`),
    );
    await expect(credentialFromStoredKey(handle.db, { user: "ghost@example.com" }, key.id)).rejects.toThrow(
      /no user matches/,
    );
    await expect(credentialFromStoredKey(handle.db, { keyOrg: "No such org" }, key.id)).rejects.toThrow(
      /no organization matches --key-org/,
    );
  });
});
