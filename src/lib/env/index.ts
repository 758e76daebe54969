/**
 * The one configuration module. Everything CogniTrack reads from the environment is parsed and
 * validated here, once; nothing else touches process.env. In production, unsafe settings are
 * collected into one error that names every problem, so the server refuses to start.
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildConfig } from "./build";
import { parseKeyMaterial } from "./secrets";
import { ConfigError, type AppConfig } from "./types";

export { buildConfig } from "./build";
export { CONFIG_VARIABLES, configDefault, CRON_SECRET_EXAMPLE, DEFAULT_PGLITE_DATA_DIR, type RawEnv } from "./schema";
export { bearerSecretProblem, cronSecretProblem, parseClerkJwtKey, parseKeyMaterial } from "./secrets";
export { childProcessEnv, environmentSnapshot, toolingEnv } from "./process";
export { ConfigError, type AppConfig, type EncryptionKey, type PacingOverride, type RateLimitOverride } from "./types";

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
