/** The environment, validated and turned into AppConfig; unsafe production settings are one ConfigError naming each. */
import { bearerSecretProblem, cronSecretProblem, parseClerkJwtKey, parseKeyMaterial } from "./secrets";
import { DEFAULT_APP_URL, DEFAULT_PGLITE_DATA_DIR, rawSchema, type RawEnv } from "./schema";
import { ConfigError, type AppConfig, type EncryptionKey, type PacingOverride } from "./types";

function pacingOverride(requestsPerMinute: number | undefined, burst: number | undefined): PacingOverride {
  return {
    ...(requestsPerMinute === undefined ? {} : { requestsPerMinute }),
    ...(burst === undefined ? {} : { burst }),
  };
}

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
