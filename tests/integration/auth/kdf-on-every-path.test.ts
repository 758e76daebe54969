import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import type { DbHandle } from "@/db/types";
import { authenticateLocalAccount, createLocalAccount } from "@/lib/auth/accounts";
import { isAppError } from "@/lib/errors";
import { createTestDb, createTestUser } from "../test-db";

// Spy on the KDF itself (not on our wrappers), so a path that skips or cheapens it shows up.
const kdfCalls = vi.hoisted(() => [] as { N: number | undefined }[]);
vi.mock("node:crypto", async (importOriginal) => {
  const actual = await importOriginal<typeof import("node:crypto")>();
  const scrypt = ((...args: Parameters<typeof actual.scrypt>) => {
    const options = args.length === 5 ? (args[3] as { N?: number }) : undefined;
    kdfCalls.push({ N: options?.N });
    return (actual.scrypt as (...a: unknown[]) => void)(...args);
  }) as typeof actual.scrypt;
  return { ...actual, default: { ...actual, scrypt }, scrypt };
});

const FULL_COST = 2 ** 15;
const PASSWORD = "correct horse battery";
let handle: DbHandle;

beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());
beforeEach(() => {
  kdfCalls.length = 0;
});

const email = (label: string) => `${label}-${randomUUID().slice(0, 8)}@test.example`;
const codeOf = (p: Promise<unknown>) =>
  p.then(
    () => "ok",
    (e: unknown) => (isAppError(e) ? e.code : String(e)),
  );

describe("sign-up and sign-in run the full KDF whether or not the email has an account", () => {
  it("sign-up for a new email hashes once at full cost", async () => {
    expect(await codeOf(createLocalAccount(handle.db, { email: email("new"), password: PASSWORD }))).toBe("ok");
    expect(kdfCalls).toEqual([{ N: FULL_COST }]);
  });

  it("sign-up for an email that already has an account hashes once at full cost, then says so", async () => {
    const taken = email("taken");
    await createLocalAccount(handle.db, { email: taken, password: PASSWORD });
    kdfCalls.length = 0;
    expect(await codeOf(createLocalAccount(handle.db, { email: taken, password: "another password" }))).toBe(
      "CONFLICT",
    );
    expect(kdfCalls).toEqual([{ N: FULL_COST }]);
  });

  it("sign-in with a wrong password for a known email, an unknown email, or a passwordless account: one full KDF each", async () => {
    const known = email("known");
    await createLocalAccount(handle.db, { email: known, password: PASSWORD });
    const passwordless = await createTestUser(handle.db, "passwordless");
    for (const who of [known, email("unknown"), passwordless.email]) {
      kdfCalls.length = 0;
      expect(await codeOf(authenticateLocalAccount(handle.db, { email: who, password: "not the password" }))).toBe(
        "UNAUTHENTICATED",
      );
      expect(kdfCalls).toEqual([{ N: FULL_COST }]);
    }
    kdfCalls.length = 0;
    expect(await codeOf(authenticateLocalAccount(handle.db, { email: known, password: PASSWORD }))).toBe("ok");
    expect(kdfCalls).toEqual([{ N: FULL_COST }]);
  });
});
