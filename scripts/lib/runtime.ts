/**
 * What every CLI shares: .env loading the way Next loads it, one database handle that is always
 * closed (PGlite never exits otherwise), and errors printed as plain sentences with exit codes.
 */
import nextEnv from "@next/env";
import { openDatabase } from "@/db/client";
import type { DbHandle } from "@/db/types";
import { ConfigError, getConfig, resetConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { configureLogger, safeErrorMessage } from "@/lib/logger";
import { toolingEnv } from "@/lib/env";

export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;

export class UsageError extends Error {}

/** A failure outside this process (the running app refused or did not answer): its message, exit 1. */
export class CliFailure extends Error {}

export function loadCliEnv(overrides: Record<string, string | undefined> = {}) {
  nextEnv.loadEnvConfig(process.cwd(), toolingEnv().nodeEnv !== "production", { info: () => {}, error: console.error });
  resetConfig(Object.keys(overrides).length ? overrides : undefined);
  configureLogger({ level: getConfig().logLevel === "info" ? "warn" : getConfig().logLevel });
}

export async function withDatabase<T>(fn: (handle: DbHandle) => Promise<T>): Promise<T> {
  const handle = await openDatabase(getConfig().database);
  try {
    return await fn(handle);
  } finally {
    await handle.close();
  }
}

/** Runs a CLI's main: usage errors exit 2, known failures print their message and exit 1. */
export function runCli(main: () => Promise<number | void>) {
  main().then(
    (code) => process.exit(code ?? EXIT.ok),
    (e: unknown) => {
      if (e instanceof UsageError) {
        console.error(`error: ${e.message}\n(run with --help for usage)`);
        process.exit(EXIT.usage);
      }
      if (e instanceof CliFailure) {
        console.error(`error: ${e.message}`);
        process.exit(EXIT.failed);
      }
      if (e instanceof ConfigError || isAppError(e)) {
        console.error(`error: ${e.message}`);
        process.exit(isAppError(e) && e.code === "VALIDATION_FAILED" ? EXIT.usage : EXIT.failed);
      }
      console.error("error: unexpected failure:", safeErrorMessage(e));
      process.exit(EXIT.failed);
    },
  );
}
