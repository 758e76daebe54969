import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../scripts/emulator/server";
import type { DbHandle } from "@/db/types";
import { resetConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { createKey } from "@/lib/keys/create";
import { getKeyRow } from "@/lib/keys/get";
import { createKeySchema } from "@/lib/keys/schemas";
import { testProviderKey } from "@/lib/keys/test";
import { updateKey } from "@/lib/keys/update";
import { formatZodError } from "@/lib/validation";
import { TEST_ENV } from "./setup-env";
import { createTestDb, createTestOrg } from "./test-db";

let handle: DbHandle;
let emulator: EmulatorHandle;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 1011,
      projects: 2,
      apiKeysPerProject: 2,
      users: 2,
      models: 2,
      days: 3,
      endDate: "2026-10-31",
    }),
    port: 0,
  });
  // The key test reads the app's own config, as the route does.
  resetConfig({ ...TEST_ENV, ANTHROPIC_API_BASE_URL: emulator.anthropicUrl, PROVIDER_MAX_ATTEMPTS: "1" });
});
afterAll(async () => {
  resetConfig(TEST_ENV);
  await emulator?.close();
  await handle?.close();
});

const adminKey = () => emulator.dataset.anthropic!.credentials.find((c) => c.kind === "admin")!.key;
const regularKey = () => emulator.dataset.anthropic!.credentials.find((c) => c.kind !== "admin")!.key;

function refusal(body: unknown): string {
  const r = createKeySchema.safeParse(body);
  expect(r.success).toBe(false);
  return r.success ? "" : formatZodError(r.error);
}

describe("Anthropic keys: create, validate, test", () => {
  it("takes provider, label and an Admin key only: admin mode implied, no ids, its own account", async () => {
    const { actor } = await createTestOrg(handle.db, "owner", "anthropic-keys");
    const input = createKeySchema.parse({ provider: "anthropic", label: "Claude org", apiKey: adminKey() });
    expect(input).toEqual({
      provider: "anthropic",
      label: "Claude org",
      apiKey: adminKey(),
      usageMode: "admin",
      organizationId: null,
      projectId: null,
    });
    const { key, account } = await createKey(handle.db, actor, input);
    expect(key).toMatchObject({ provider: "anthropic", usageMode: "admin", organizationId: null, projectId: null });
    expect(JSON.stringify(key)).not.toContain(adminKey());
    // The Admin API names no organization cheaply, so each key is its own account.
    const second = await createKey(handle.db, actor, { ...input, label: "Same org, second key" });
    expect(second.account.id).not.toBe(account.id);
    expect(second.account.attached).toBe(false);
    expect((await getKeyRow(handle.db, actor, key.id))?.provider).toBe("anthropic");
  });

  it("refuses in plain words, per field: a regular key, ids, a standard mode, an unknown provider", () => {
    expect(refusal({ provider: "anthropic", label: "x", apiKey: regularKey() })).toMatch(
      /apiKey.*Anthropic Admin key \(it starts with sk-ant-admin\)/,
    );
    expect(refusal({ provider: "anthropic", label: "x", apiKey: adminKey(), organizationId: "org-1" })).toMatch(
      /organizationId.*Anthropic keys take no organizationId/,
    );
    expect(refusal({ provider: "anthropic", label: "x", apiKey: adminKey(), usageMode: "standard" })).toMatch(
      /usageMode.*can only be 'admin'/,
    );
    expect(refusal({ provider: "gemini", label: "x", apiKey: adminKey() })).toMatch(
      /provider must be one of: 'openai', 'anthropic'/,
    );
    expect(refusal({ provider: "anthropic", label: "x", apiKey: regularKey() })).not.toContain(regularKey());
  });

  it("an edit keeps the provider's rules: an Anthropic key cannot become standard or take ids", async () => {
    const { actor } = await createTestOrg(handle.db, "owner", "anthropic-edit");
    const { key } = await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "anthropic", label: "Claude", apiKey: adminKey() }),
    );
    const err = await updateKey(handle.db, actor, key.id, { usageMode: "standard" }).catch((e: unknown) => e);
    expect(isAppError(err) && err.code).toBe("VALIDATION_FAILED");
    expect((err as Error).message).toMatch(/usageMode/);
    const renamed = await updateKey(handle.db, actor, key.id, { label: "Claude (renamed)" });
    expect(renamed.key.label).toBe("Claude (renamed)");
  });

  it("the key test makes one request through the adapter: works for an Admin key, plain words otherwise", async () => {
    const { actor } = await createTestOrg(handle.db, "owner", "anthropic-test");
    const { key } = await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "anthropic", label: "Claude", apiKey: adminKey() }),
    );
    const ok = await testProviderKey(handle.db, actor, key.id);
    expect(ok).toMatchObject({ ok: true });
    expect(ok.message).toMatch(/Admin key works/);

    const revoked = "sk-ant-admin01-revoked-TESTONLY";
    emulator.registerKey({ key: revoked, provider: "anthropic", kind: "admin", fault: "unauthorized" });
    const { key: bad } = await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "anthropic", label: "Revoked", apiKey: revoked }),
    );
    const failed = await testProviderKey(handle.db, actor, bad.id);
    expect(failed.ok).toBe(false);
    expect(failed.message).toMatch(/^Invalid key: Anthropic rejected it/);
    expect(failed.message).not.toContain(revoked);
  });
});
