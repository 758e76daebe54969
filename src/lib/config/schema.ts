/** The environment variables CogniTrack reads, as one zod schema: the single source of names and defaults. */
import { z } from "zod";

export const DEFAULT_APP_URL = "http://localhost:3000";

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

export const rawSchema = z.object({
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
  CRON_CONCURRENCY: int(300),

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

/** Settings of the test runner and the CLIs themselves (not read by the app). */
export const toolingSchema = z.object({
  CI: z
    .string()
    .optional()
    .transform((v) => Boolean(v && v !== "0" && v !== "false")),
  TEST_DATABASE_URL: z
    .string()
    .optional()
    .transform((v) => (v && v.trim() ? v.trim() : undefined)),
  NODE_ENV: z.string().optional(),
});
