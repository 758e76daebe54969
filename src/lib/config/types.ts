import type { RawEnv } from "./schema";

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
