/**
 * The one configuration module (its parts live in src/lib/config). Everything CogniTrack reads
 * from the environment is read here and validated once; nothing else touches process.env. In
 * production, unsafe settings are collected into one error that names every problem, so the server
 * refuses to start. The process helpers at the end serve what is not the app's own configuration:
 * what a child process inherits, a variable a user names on a CLI (`--api-key-env NAME`), and the
 * test runner's and CLIs' own settings.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildConfig } from "./config/build";
import { toolingSchema } from "./config/schema";
import { parseKeyMaterial } from "./config/secrets";
import { ConfigError, type AppConfig } from "./config/types";

export { buildConfig } from "./config/build";
export {
  CONFIG_VARIABLES,
  configDefault,
  CRON_SECRET_EXAMPLE,
  DEFAULT_PGLITE_DATA_DIR,
  type RawEnv,
} from "./config/schema";
export { bearerSecretProblem, cronSecretProblem, parseClerkJwtKey, parseKeyMaterial } from "./config/secrets";
export {
  ConfigError,
  type AppConfig,
  type EncryptionKey,
  type PacingOverride,
  type RateLimitOverride,
} from "./config/types";

let cached: AppConfig | null = null;

/**
 * Outside production a missing ENCRYPTION_KEY is not an error: a key is generated once and kept
 * beside the embedded database, so `npm run demo` works on a fresh machine and keys stored
 * yesterday still decrypt today.
 */
function withLocalEncryptionKey(config: AppConfig): AppConfig {
  if (config.encryption.current || config.isProduction) return config;
  const dir = config.database.kind === "pglite" ? path.dirname(config.database.dataDir) : ".data";
  const file = path.join(dir, "local-encryption.key");
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true });
    writeFileSync(file, randomBytes(32).toString("base64") + "\n", { mode: 0o600, flag: "wx" });
  }
  const key = parseKeyMaterial(readFileSync(file, "utf8"));
  if (!key) throw new ConfigError([`${file} does not hold a 32-byte key; delete it or set ENCRYPTION_KEY.`]);
  return { ...config, encryption: { ...config.encryption, current: { version: 1, key } } };
}

export function getConfig(): AppConfig {
  cached ??= withLocalEncryptionKey(buildConfig(process.env));
  return cached;
}

/** For tests and CLIs that set variables after import. */
export function resetConfig(overrides?: Record<string, string | undefined>) {
  cached = overrides ? withLocalEncryptionKey(buildConfig({ ...process.env, ...overrides })) : null;
}

/** A copy of the process environment, e.g. for a CLI option that names a variable to read a secret from. */
export function environmentSnapshot(): Record<string, string | undefined> {
  return { ...process.env };
}

/** The environment a child process should inherit, with `extra` on top. */
export function childProcessEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  return { ...process.env, ...extra };
}

/** Settings of the test runner and the CLIs themselves (not read by the app). */
export function toolingEnv() {
  const e = toolingSchema.parse(process.env);
  return { ci: e.CI, testDatabaseUrl: e.TEST_DATABASE_URL, nodeEnv: e.NODE_ENV };
}
