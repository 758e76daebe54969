/**
 * The one configuration module. Everything CogniTrack reads from the environment is parsed and
 * validated here, once; nothing else touches process.env. In production, unsafe settings are
 * collected into one error that names every problem, so the server refuses to start.
 */
import { createPublicKey, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const PLACEHOLDER_SECRETS = new Set([
  "changeme",
  "change-me",
  "undefined",
  "null",
  "secret",
  "password",
  "replace-me",
  "your-cron-secret",
  "replace-with-a-long-random-string-of-at-least-32-characters",
]);

const DEFAULT_APP_URL = "http://localhost:3000";

export const CRON_SECRET_EXAMPLE = "replace-with-a-long-random-string-of-at-least-32-characters";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .optional()
  .transform((v) => v === "true" || v === "1" || v === "yes");
const int = (def: number, min = 1) => z.coerce.number().int().min(min).default(def);
const emptyAsUnset = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (typeof v === "string" && v.trim() === "" ? undefined : v), schema);
// Empty or unset = the default written next to its use (the rate-limit policies keep their own numbers).
const optionalInt = emptyAsUnset(z.coerce.number().int().min(1).optional());
/** An empty value means the default, as everywhere in .env.example. */
const urlOrDefault = (def: string) =>
  z
    .string()
    .optional()
    .transform((v) => (v && v.trim() !== "" ? v.trim() : def))
    .pipe(z.url());
const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

const rawSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  APP_URL: optionalString.pipe(
    z
      .string()
      .regex(/^https?:\/\/[^/]/i, "must be an http:// or https:// URL")
      .pipe(z.url())
      .optional(),
  ),
  LOG_LEVEL: z.enum(["debug", "info", "warn", "error"]).default("info"),

  DATABASE_URL: optionalString,
  DATABASE_DRIVER: z.enum(["auto", "pg", "neon"]).default("auto"),
  // Unset and empty both mean the default; whether it was set explicitly decides production use.
  PGLITE_DATA_DIR: optionalString,
  DB_AUTO_MIGRATE: optionalString,
  /** Set by Vercel on every deployment (and `vercel dev`). */
  VERCEL: optionalString,

  AUTH_MODE: emptyAsUnset(z.enum(["clerk", "local"]).optional()),
  NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY: optionalString,
  CLERK_SECRET_KEY: optionalString,
  CLERK_JWT_KEY: optionalString,
  SESSION_TTL_HOURS: int(24 * 14),

  CLIENT_ADDRESS_HEADER: emptyAsUnset(z.enum(["x-forwarded-for", "x-real-ip"]).default("x-forwarded-for")),
  CLIENT_ADDRESS_HOPS: emptyAsUnset(int(1)),
  RATE_LIMIT_SIGN_IN_PER_ACCOUNT: optionalInt,
  RATE_LIMIT_SIGN_IN_PER_ADDRESS: optionalInt,
  RATE_LIMIT_SIGN_UP_PER_ADDRESS: optionalInt,
  RATE_LIMIT_API_TOKEN_PER_TOKEN: optionalInt,
  RATE_LIMIT_INVITATION_ACCEPT_PER_ADDRESS: optionalInt,
  RATE_LIMIT_INVITATION_CREATE_PER_ORG: optionalInt,

  ENCRYPTION_KEY: optionalString,
  ENCRYPTION_KEY_VERSION: int(1),
  ENCRYPTION_PREVIOUS_KEYS: optionalString,

  CRON_SECRET: optionalString,
  CRON_MAX_DURATION_SECONDS: int(250),
  CRON_CONCURRENCY: int(4),

  METRICS_TOKEN: optionalString,
  /** An API token (`ct_...`, ingest:write) the backfill CLI sends to the running app; never the app's own setting. */
  COGNITRACK_API_TOKEN: optionalString,

  OPENAI_API_BASE_URL: z.string().url().default("https://api.openai.com/v1"),
  // Pacing: empty or unset = the named policy's number (src/lib/rate-limit/policies.ts).
  OPENAI_ADMIN_REQUESTS_PER_MINUTE: optionalInt,
  OPENAI_ADMIN_MAX_BURST: optionalInt,
  ANTHROPIC_API_BASE_URL: urlOrDefault("https://api.anthropic.com"),
  ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE: optionalInt,
  ANTHROPIC_ADMIN_MAX_BURST: optionalInt,
  PROVIDER_REQUEST_TIMEOUT_MS: int(30_000),
  PROVIDER_MAX_ATTEMPTS: int(5),
  PROVIDER_MAX_RETRY_AFTER_SECONDS: int(120),

  SMTP_URL: optionalString,
  SMTP_FROM: optionalString,
  WEBHOOK_ALLOW_PRIVATE: bool,

  NEXT_PHASE: z.string().optional(),
  INGESTION_DEFAULT_DAYS: int(7),
  ANALYTICS_STATEMENT_TIMEOUT_MS: z.preprocess((v) => (v === "" ? undefined : v), int(10_000, 0)),
  ENABLE_SIMULATED_USAGE: bool,
  RECONCILIATION_THRESHOLD_PERCENT: emptyAsUnset(
    z.coerce
      .number({ error: "must be a number (percent)" })
      .min(0, "must be between 0 and 100")
      .max(100, "must be between 0 and 100")
      .default(1),
  ),
  ANOMALY_K: emptyAsUnset(
    z
      .string()
      .regex(/^\d{1,3}(\.\d{1,3})?$/, "must be a positive decimal such as 3 or 2.5")
      .refine((v) => Number(v) > 0, "must be above 0")
      .default("3"),
  ),
  ANOMALY_FLOOR_USD: emptyAsUnset(
    z
      .string()
      .regex(/^\d{1,9}(\.\d{1,2})?$/, "must be an amount in dollars such as 5 or 0.50")
      .default("5"),
  ),
});

export type RawEnv = z.infer<typeof rawSchema>;

const PLATFORM_VARIABLES = new Set(["NODE_ENV", "NEXT_PHASE", "VERCEL"]);
/** Every variable this module reads, except those set by the platform (NODE_ENV, NEXT_PHASE, VERCEL). */
export const CONFIG_VARIABLES = Object.keys(rawSchema.shape).filter((k) => !PLATFORM_VARIABLES.has(k));

export const DEFAULT_PGLITE_DATA_DIR = ".data/pglite";

/** What the schema makes of an unset variable (for the generated configuration reference). */
export function configDefault(name: string): unknown {
  const field = (rawSchema.shape as Record<string, z.ZodType>)[name];
  if (!field) throw new Error(`Unknown configuration variable ${name}`);
  const parsed = field.safeParse(undefined);
  return parsed.success ? parsed.data : undefined;
}

export type RateLimitOverride =
  | "signInPerAccount"
  | "signInPerAddress"
  | "signUpPerAddress"
  | "apiTokenPerToken"
  | "invitationAcceptPerAddress"
  | "invitationCreatePerOrg";

export interface EncryptionKey {
  version: number;
  key: Buffer;
}

/** Requests per minute and burst of a provider credential; undefined = the rate-limit policy's own number. */
export interface PacingOverride {
  requestsPerMinute?: number;
  burst?: number;
}

function pacingOverride(requestsPerMinute: number | undefined, burst: number | undefined): PacingOverride {
  return {
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
    ...(burst === undefined ? {} : { burst }),
  };
}

export interface AppConfig {
  nodeEnv: RawEnv["NODE_ENV"];
  isProduction: boolean;
  appUrl: string;
  /** APP_URL's origin when the deployment sets it: accepted as "our own origin" besides the request's host. */
  publicOrigin: string | null;
  /** APP_URL is explicitly an http:// URL: the deployment says it is served over plain http. */
  plainHttp: boolean;
  logLevel: RawEnv["LOG_LEVEL"];
  database:
    | { kind: "pglite"; dataDir: string; autoMigrate: boolean }
    | { kind: "pg" | "neon"; url: string; autoMigrate: boolean };
  auth:
    | { mode: "local"; sessionTtlHours: number }
    | {
        mode: "clerk";
        publishableKey: string;
        secretKey: string;
        /** PEM public key: session tokens are verified without calling Clerk (null = Clerk's JWKS). */
        jwtKey: string | null;
        sessionTtlHours: number;
      };
  /** Where the client's address comes from, for the per-address rate limits (see client-address.ts). */
  clientAddress: { header: RawEnv["CLIENT_ADDRESS_HEADER"]; hops: number };
  /** Attempts per window overriding a request policy's default; absent = the policy's own number. */
  rateLimits: Partial<Record<RateLimitOverride, number>>;
  /** Current key first; older keys kept only to decrypt rows written before a rotation. */
  encryption: { current: EncryptionKey | null; previous: EncryptionKey[] };
  cron: { secret: string | null; maxDurationSeconds: number; concurrency: number };
  /** Bearer token Prometheus sends to GET /api/metrics; null = the endpoint is off (never in production). */
  metrics: { token: string | null };
  /** What the CLIs use to drive a running app's API instead of opening its database (scripts/backfill/api.ts). */
  cli: { apiToken: string | null };
  /** `pacing` overrides the provider's named rate-limit policy; an absent field keeps the policy's number. */
  openai: { baseUrl: string; pacing: PacingOverride };
  anthropic: { baseUrl: string; pacing: PacingOverride };
  provider: { timeoutMs: number; maxAttempts: number; maxRetryAfterMs: number };
  ingestion: { defaultDays: number; simulatedUsage: boolean };
  /** Per-statement limit on dashboard and API reads (PostgreSQL; PGlite cannot enforce it). 0 = none. */
  analytics: { statementTimeoutMs: number };
  /** A closed day's billed vs computed gap above this share of billed (percent) is flagged. */
  reconciliation: { thresholdPercent: number };
  /** Outgoing mail (invitations); null = no mail is sent and the link is only shown to the inviter. */
  smtp: { url: string; from: string } | null;
  /** Alert webhooks: true lets them reach loopback addresses (tests, the demo); other private ranges stay refused. */
  webhooks: { allowLoopback: boolean };
  /** Anomaly rule (src/lib/anomalies/rule.ts): spend − median > max(k × MAD, floor); decimal strings. */
  anomalies: { k: string; floorUsd: string };
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`CogniTrack cannot start:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "ConfigError";
  }
}

/** Accepts 32 bytes given as 64 hex characters or as base64; anything else is null. */
export function parseKeyMaterial(value: string): Buffer | null {
  const v = value.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, "hex");
  if (/^[A-Za-z0-9+/_-]+={0,2}$/.test(v)) {
    const buf = Buffer.from(v.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (buf.length === 32) return buf;
  }
  return null;
}

/** A bearer secret (CRON_SECRET, METRICS_TOKEN): set, not a placeholder, at least 32 characters. */
export function bearerSecretProblem(name: string, secret: string | undefined): string | null {
  if (!secret) return `${name} is not set.`;
  if (PLACEHOLDER_SECRETS.has(secret.toLowerCase()) || secret === CRON_SECRET_EXAMPLE)
    return `${name} is a placeholder value; generate one with \`openssl rand -hex 32\`.`;
  if (secret.length < 32) return `${name} is ${secret.length} characters; use at least 32.`;
  return null;
}

export const cronSecretProblem = (secret: string | undefined) => bearerSecretProblem("CRON_SECRET", secret);

/**
 * The embedded database keeps its data on the local disk: on Vercel that disk is ephemeral (or
 * read-only), so every deploy would lose the data. Self-hosted production may use it only when
 * PGLITE_DATA_DIR names a folder explicitly (a persistent disk, one instance).
 */
function embeddedDatabaseProblem(e: RawEnv, isProduction: boolean): string | null {
  if (e.DATABASE_URL) return null;
  if (e.VERCEL === "1") {
    return "DATABASE_URL is not set: on Vercel the embedded database would live on an ephemeral disk and lose every write. Set DATABASE_URL to a PostgreSQL database (Neon, or any postgres:// URL).";
  }
  if (isProduction && !e.PGLITE_DATA_DIR) {
    return "DATABASE_URL is not set: in production set it to a PostgreSQL database, or, to run ONE self-hosted instance on the embedded database, set PGLITE_DATA_DIR to a folder on a persistent disk.";
  }
  return null;
}

/**
 * CLERK_JWT_KEY as Clerk's dashboard shows it (PEM, "-----BEGIN PUBLIC KEY-----"), or on one line
 * with `\n` escapes as .env files often hold it. Clerk reads only RSA 2048 keys from PEM, so
 * anything else is a configuration mistake worth naming at start, not a 401 on every request.
 */
export function parseClerkJwtKey(value: string): { pem: string } | { problem: string } {
  const pem = value.replace(/\\n/g, "\n").trim();
  const problem = "CLERK_JWT_KEY must be the PEM public key from Clerk's dashboard (RSA, -----BEGIN PUBLIC KEY-----).";
  if (!pem.startsWith("-----BEGIN PUBLIC KEY-----")) return { problem };
  try {
    const key = createPublicKey(pem);
    if (key.asymmetricKeyType !== "rsa" || key.asymmetricKeyDetails?.modulusLength !== 2048) return { problem };
  } catch {
    return { problem };
  }
  return { pem: `${pem}\n` };
}

function isNeonUrl(url: string) {
  try {
    return new URL(url).hostname.endsWith(".neon.tech");
  } catch {
    return false;
  }
}

function definedOnly<K extends string>(values: Record<K, number | undefined>): Partial<Record<K, number>> {
  return Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)) as Partial<Record<K, number>>;
}

export function buildConfig(env: Record<string, string | undefined>): AppConfig {
  const parsed = rawSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join(".") || "environment"}: ${i.message}`));
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === "production";
  const problems: string[] = [];

  // Encryption keys
  let current: EncryptionKey | null = null;
  if (e.ENCRYPTION_KEY) {
    const key = parseKeyMaterial(e.ENCRYPTION_KEY);
    if (key) current = { version: e.ENCRYPTION_KEY_VERSION, key };
    else problems.push("ENCRYPTION_KEY must be 32 bytes, given as 64 hex characters or as base64.");
  } else if (isProduction) {
    problems.push("ENCRYPTION_KEY is not set; generate one with `openssl rand -base64 32`.");
  }
  const previous: EncryptionKey[] = [];
  for (const entry of (e.ENCRYPTION_PREVIOUS_KEYS ?? "").split(",").filter((s) => s.trim())) {
    const [version, material] = entry.split(":", 2);
    const key = material ? parseKeyMaterial(material) : null;
    const v = Number(version);
    if (!key || !Number.isInteger(v) || v < 1) {
      problems.push("ENCRYPTION_PREVIOUS_KEYS must look like `1:<key>,2:<key>` with 32-byte keys.");
      break;
    }
    previous.push({ version: v, key });
  }

  // Auth
  const clerkConfigured = Boolean(e.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY && e.CLERK_SECRET_KEY);
  let auth: AppConfig["auth"];
  if (e.AUTH_MODE === "clerk" || (!e.AUTH_MODE && clerkConfigured)) {
    if (!clerkConfigured) {
      problems.push("AUTH_MODE=clerk needs NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY and CLERK_SECRET_KEY.");
      auth = { mode: "local", sessionTtlHours: e.SESSION_TTL_HOURS };
    } else {
      const jwtKey = e.CLERK_JWT_KEY ? parseClerkJwtKey(e.CLERK_JWT_KEY) : null;
      if (jwtKey && "problem" in jwtKey) problems.push(jwtKey.problem);
      auth = {
        mode: "clerk",
        publishableKey: e.NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY!,
        secretKey: e.CLERK_SECRET_KEY!,
        jwtKey: jwtKey && "pem" in jwtKey ? jwtKey.pem : null,
        sessionTtlHours: e.SESSION_TTL_HOURS,
      };
    }
  } else {
    if (isProduction && e.AUTH_MODE !== "local") {
      problems.push(
        "No sign-in is configured: set the Clerk keys (NEXT_PUBLIC_CLERK_PUBLISHABLE_KEY, CLERK_SECRET_KEY) or AUTH_MODE=local.",
      );
    }
    auth = { mode: "local", sessionTtlHours: e.SESSION_TTL_HOURS };
  }

  // Mail
  let smtp: AppConfig["smtp"] = null;
  if (e.SMTP_URL) {
    if (/^smtps?:\/\/[^/]/i.test(e.SMTP_URL))
      smtp = { url: e.SMTP_URL, from: e.SMTP_FROM ?? defaultSender(e.APP_URL ?? DEFAULT_APP_URL) };
    else problems.push("SMTP_URL must look like smtp://user:password@host:587 or smtps://host:465.");
  }

  // Cron
  const cronProblem = cronSecretProblem(e.CRON_SECRET);
  if (isProduction && cronProblem) problems.push(cronProblem);

  // Metrics
  const metricsProblem = e.METRICS_TOKEN ? bearerSecretProblem("METRICS_TOKEN", e.METRICS_TOKEN) : null;
  if (metricsProblem) problems.push(metricsProblem);
  else if (isProduction && !e.METRICS_TOKEN)
    problems.push(
      "METRICS_TOKEN is not set; generate one with `openssl rand -hex 32` (Prometheus sends it to /api/metrics).",
    );

  // Database
  const databaseProblem = embeddedDatabaseProblem(e, isProduction);
  if (databaseProblem) problems.push(databaseProblem);

  // `next build` prerenders with NODE_ENV=production but runs nothing: secrets are checked at start.
  const building = e.NEXT_PHASE === "phase-production-build";
  if (!building && problems.length > 0 && (isProduction || problems.some((p) => !p.startsWith("CRON_SECRET")))) {
    throw new ConfigError(problems);
  }

  const autoMigrateDefault = !e.DATABASE_URL;
  const autoMigrate =
    e.DB_AUTO_MIGRATE === undefined ? autoMigrateDefault : ["true", "1", "yes"].includes(e.DB_AUTO_MIGRATE);
  const database: AppConfig["database"] = e.DATABASE_URL
    ? {
        kind:
          e.DATABASE_DRIVER === "neon" || (e.DATABASE_DRIVER === "auto" && isNeonUrl(e.DATABASE_URL)) ? "neon" : "pg",
        url: e.DATABASE_URL,
        autoMigrate,
      }
    : { kind: "pglite", dataDir: e.PGLITE_DATA_DIR ?? DEFAULT_PGLITE_DATA_DIR, autoMigrate };

  return {
    nodeEnv: e.NODE_ENV,
    isProduction,
    appUrl: e.APP_URL ?? DEFAULT_APP_URL,
    publicOrigin: e.APP_URL ? new URL(e.APP_URL).origin : null,
    plainHttp: e.APP_URL?.toLowerCase().startsWith("http://") ?? false,
    logLevel: e.LOG_LEVEL,
    database,
    auth,
    clientAddress: { header: e.CLIENT_ADDRESS_HEADER, hops: e.CLIENT_ADDRESS_HOPS },
    rateLimits: definedOnly({
      signInPerAccount: e.RATE_LIMIT_SIGN_IN_PER_ACCOUNT,
      signInPerAddress: e.RATE_LIMIT_SIGN_IN_PER_ADDRESS,
      signUpPerAddress: e.RATE_LIMIT_SIGN_UP_PER_ADDRESS,
      apiTokenPerToken: e.RATE_LIMIT_API_TOKEN_PER_TOKEN,
      invitationAcceptPerAddress: e.RATE_LIMIT_INVITATION_ACCEPT_PER_ADDRESS,
      invitationCreatePerOrg: e.RATE_LIMIT_INVITATION_CREATE_PER_ORG,
    }),
    encryption: { current, previous },
    cron: {
      secret: cronProblem ? null : e.CRON_SECRET!,
      maxDurationSeconds: e.CRON_MAX_DURATION_SECONDS,
      concurrency: e.CRON_CONCURRENCY,
    },
    metrics: { token: e.METRICS_TOKEN && !metricsProblem ? e.METRICS_TOKEN : null },
    cli: { apiToken: e.COGNITRACK_API_TOKEN ?? null },
    openai: {
      baseUrl: e.OPENAI_API_BASE_URL.replace(/\/+$/, ""),
      pacing: pacingOverride(e.OPENAI_ADMIN_REQUESTS_PER_MINUTE, e.OPENAI_ADMIN_MAX_BURST),
    },
    anthropic: {
      baseUrl: e.ANTHROPIC_API_BASE_URL.replace(/\/+$/, ""),
      pacing: pacingOverride(e.ANTHROPIC_ADMIN_REQUESTS_PER_MINUTE, e.ANTHROPIC_ADMIN_MAX_BURST),
    },
    provider: {
      timeoutMs: e.PROVIDER_REQUEST_TIMEOUT_MS,
      maxAttempts: e.PROVIDER_MAX_ATTEMPTS,
      maxRetryAfterMs: e.PROVIDER_MAX_RETRY_AFTER_SECONDS * 1000,
    },
    ingestion: { defaultDays: e.INGESTION_DEFAULT_DAYS, simulatedUsage: e.ENABLE_SIMULATED_USAGE },
    analytics: { statementTimeoutMs: e.ANALYTICS_STATEMENT_TIMEOUT_MS },
    reconciliation: { thresholdPercent: e.RECONCILIATION_THRESHOLD_PERCENT },
    smtp,
    webhooks: { allowLoopback: e.WEBHOOK_ALLOW_PRIVATE },
    anomalies: { k: e.ANOMALY_K, floorUsd: e.ANOMALY_FLOOR_USD },
  };
}

/** `CogniTrack <no-reply@host-of-APP_URL>` when SMTP_FROM is not set. */
function defaultSender(appUrl: string): string {
  return `CogniTrack <no-reply@${new URL(appUrl).hostname}>`;
}

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
