/**
 * PGlite is one process's database. Two processes opening the same data folder would corrupt it,
 * so the holder writes a lock file with its pid; a second process reads it and says who holds it.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { AppError } from "@/lib/errors";

export interface LockInfo {
  pid: number;
  command: string;
  startedAt: string;
}

function isAlive(pid: number) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The app (`npm run dev`, `npm run demo`, `next start`) rather than another CLI. */
export function isRunningApp(held: LockInfo): boolean {
  return /\bnext\b/.test(held.command);
}

/**
 * Who holds the folder and what to do instead. When it is the running app, a CLI cannot share its
 * database: the user can run the CLI through the app (`throughApp`, when that CLI can), stop the app,
 * move to PostgreSQL, or have the app itself do the work through its API.
 */
export function busyMessage(dataDir: string, held: LockInfo, throughApp?: string): string {
  const who = `pid ${held.pid}, "${held.command}", since ${held.startedAt}`;
  if (isRunningApp(held)) {
    const stop = "stop the app (Ctrl+C in its terminal), run this command, and start the app again";
    return (
      `The embedded database in ${dataDir} is in use by another CogniTrack process, the running app (${who}): ` +
      `the embedded database serves one process at a time. ` +
      (throughApp ? `Either run it through the app: ${throughApp}; or ${stop}` : `Either ${stop}`) +
      `; or let the running app load usage: create an API token with the ingest:write ` +
      `scope (Settings -> API tokens) and send POST /api/usage with {"start":"YYYY-MM-DD","end":"YYYY-MM-DD"} and ` +
      `"Authorization: Bearer <token>"; or set DATABASE_URL to a PostgreSQL server so the app and the CLIs share one database.`
    );
  }
  return (
    `The embedded database in ${dataDir} is in use by another CogniTrack process (${who}). ` +
    `Stop that process first, or set DATABASE_URL to a PostgreSQL server so several processes can share one database.`
  );
}

/** The live process (not this one) holding the folder, or null when it is free or the lock is stale. */
export function pgliteHolder(dataDir: string): LockInfo | null {
  try {
    const held = JSON.parse(readFileSync(lockFileFor(dataDir), "utf8")) as LockInfo;
    return held.pid !== process.pid && isAlive(held.pid) ? held : null;
  } catch {
    return null;
  }
}

export function lockFileFor(dataDir: string) {
  return path.join(path.dirname(path.resolve(dataDir)), `${path.basename(dataDir)}.lock`);
}

export function acquirePgliteLock(dataDir: string): () => void {
  const file = lockFileFor(dataDir);
  mkdirSync(path.dirname(file), { recursive: true });
  const info: LockInfo = {
    pid: process.pid,
    command: process.argv
      .slice(1)
      .map((a) => path.basename(a))
      .join(" "),
    startedAt: new Date().toISOString(),
  };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(info), { flag: "wx" });
      const release = () => {
        try {
          const held = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
          if (held.pid === process.pid) rmSync(file, { force: true });
        } catch {
          /* already gone */
        }
      };
      process.once("exit", release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let held: LockInfo | null = null;
      try {
        held = JSON.parse(readFileSync(file, "utf8")) as LockInfo;
      } catch {
        held = null;
      }
      if (held && held.pid !== process.pid && isAlive(held.pid)) {
        throw new AppError("DATABASE_BUSY", busyMessage(dataDir, held));
      }
      // Stale lock from a process that died without cleaning up.
      rmSync(file, { force: true });
    }
  }
  throw new AppError("DATABASE_BUSY", `Could not lock the embedded database in ${dataDir}.`);
}
