/** `npm run keys:rotate` as an operator runs it: counts and key versions on stdout, never a secret. */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { openDatabase } from "@/db/client";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { TEST_ENV } from "../setup-env";
import { createTestOrg } from "../test-db";
import { tempDir } from "./helpers";

const TSX = path.join(process.cwd(), "node_modules", ".bin", "tsx");
const dataDir = path.join(tempDir("rotate"), "pglite");
const NEW = randomBytes(32).toString("base64");
const apiKey = `sk-proj-rotatecli${randomBytes(12).toString("hex")}`;

function rotate(extra: Record<string, string>) {
  return spawnSync(TSX, ["scripts/keys-rotate.ts"], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      NODE_ENV: "development",
      PGLITE_DATA_DIR: dataDir,
      ...extra,
    },
    encoding: "utf8",
  });
}

beforeAll(async () => {
  const handle = await openDatabase({ kind: "pglite", dataDir, autoMigrate: true });
  try {
    const { actor } = await createTestOrg(handle.db, "owner", "rotate-cli");
    await createKey(
      handle.db,
      actor,
      createKeySchema.parse({ provider: "openai", label: "CLI rotation", usageMode: "standard", apiKey }),
    );
  } finally {
    await handle.close();
  }
});

describe("npm run keys:rotate", () => {
  it("re-encrypts under the new version, says the old key is no longer needed, and a rerun does nothing", () => {
    const env = {
      ENCRYPTION_KEY: NEW,
      ENCRYPTION_KEY_VERSION: "2",
      ENCRYPTION_PREVIOUS_KEYS: `1:${TEST_ENV.ENCRYPTION_KEY}`,
    };
    const first = rotate(env);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toMatch(/provider keys: 1 re-encrypted, 0 changed meanwhile .*, 0 could not be opened/);
    expect(first.stdout).toMatch(/Stored secrets by key version now: version 2: 1 \(current: 2\)/);
    expect(first.stdout).toMatch(/No stored secret needs previous key version\(s\) 1 any more/);
    const second = rotate(env);
    expect(second.status).toBe(0);
    expect(second.stdout).toMatch(/provider keys: 0 re-encrypted/);
    for (const out of [first, second]) {
      expect(out.stdout + out.stderr).not.toContain(apiKey);
      expect(out.stdout + out.stderr).not.toContain(NEW);
    }
  });

  it("refuses a new key that kept the old version number, in plain words (exit 2)", () => {
    const out = rotate({ ENCRYPTION_KEY: NEW, ENCRYPTION_KEY_VERSION: "2", ENCRYPTION_PREVIOUS_KEYS: `2:${NEW}` });
    expect(out.status).toBe(2);
    expect(out.stderr).toMatch(/raise ENCRYPTION_KEY_VERSION/);
  });
});
