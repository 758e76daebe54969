import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { acquirePgliteLock, lockFileFor, pgliteHolder } from "@/db/pglite-lock";
import { isAppError } from "@/lib/errors";

const dataDir = () => path.join(mkdtempSync(path.join(tmpdir(), "lock-")), "pglite");

describe("embedded database lock", () => {
  it("tells a second process, in plain words, who holds the database", async () => {
    const dir = dataDir();
    const holder = spawn("sleep", ["30"]);
    try {
      writeFileSync(
        lockFileFor(dir),
        JSON.stringify({ pid: holder.pid, command: "next start", startedAt: "2026-11-21T10:00:00.000Z" }),
      );
      let error: unknown;
      try {
        acquirePgliteLock(dir);
      } catch (e) {
        error = e;
      }
      expect(isAppError(error) && error.code).toBe("DATABASE_BUSY");
      expect((error as Error).message).toMatch(
        new RegExp(`in use by another CogniTrack process, the running app \\(pid ${holder.pid}, "next start"`),
      );
      // What to do instead, in plain words: stop the app, use its API, or move to PostgreSQL.
      expect((error as Error).message).toMatch(/stop the app/);
      expect((error as Error).message).toMatch(/POST \/api\/usage/);
      expect((error as Error).message).toMatch(/DATABASE_URL/);
    } finally {
      holder.kill();
    }
  });

  it("names another CLI as the holder without the app's advice", () => {
    const dir = dataDir();
    const holder = spawn("sleep", ["30"]);
    try {
      writeFileSync(
        lockFileFor(dir),
        JSON.stringify({ pid: holder.pid, command: "usage-backfill.ts", startedAt: "2026-11-21T10:00:00.000Z" }),
      );
      let error: unknown;
      try {
        acquirePgliteLock(dir);
      } catch (e) {
        error = e;
      }
      expect((error as Error).message).toMatch(/in use by another CogniTrack process \(pid \d+, "usage-backfill.ts"/);
      expect((error as Error).message).not.toMatch(/POST \/api\/usage/);
    } finally {
      holder.kill();
    }
  });

  it("takes over a lock left by a process that died, and releases it", () => {
    const dir = dataDir();
    writeFileSync(lockFileFor(dir), JSON.stringify({ pid: 2 ** 22 + 12345, command: "x", startedAt: "" }));
    const release = acquirePgliteLock(dir);
    expect(existsSync(lockFileFor(dir))).toBe(true);
    release();
    expect(existsSync(lockFileFor(dir))).toBe(false);
  });

  it("pgliteHolder names a live holder only: none for a free folder, none for a dead process's lock", async () => {
    const dir = dataDir();
    expect(pgliteHolder(dir)).toBeNull();
    const holder = spawn("sleep", ["30"]);
    const held = { pid: holder.pid, command: "next start", startedAt: "2026-11-21T10:00:00.000Z" };
    try {
      writeFileSync(lockFileFor(dir), JSON.stringify(held));
      expect(pgliteHolder(dir)).toEqual(held);
    } finally {
      holder.kill();
    }
    await new Promise((resolve) => holder.once("exit", resolve));
    expect(pgliteHolder(dir)).toBeNull();
  });
});
