/**
 * Named limits for requests coming in (sign-in, sign-up, API tokens, invitations), counted in the
 * database by request-limiter.ts. Not to be confused with policies.ts, which paces our own calls
 * out to the providers.
 */
import { getConfig, type RateLimitOverride } from "@/lib/env";

export interface RequestPolicy {
  name: RequestPolicyName;
  /** Hits allowed in one window; the next one is refused until the window ends. */
  attempts: number;
  windowSeconds: number;
  /** First part of the stored bucket; the subject follows as a keyed hash, never in clear. */
  keyPrefix: string;
  /** The start of the refusal message: "Too many sign-in attempts for this email address." */
  tooMany: string;
}

const MINUTE = 60;
const HOUR = 60 * MINUTE;

/**
 * Defaults sized for people, not scripts: a person mistyping a password, an office behind one
 * address, a team accepting invitations together. Each can be overridden by its config variable.
 */
export const REQUEST_POLICIES = {
  /** Counts failed passwords only (a success gives its hit back), for any email, known or not. */
  signInPerAccount: {
    name: "signInPerAccount",
    attempts: 10,
    windowSeconds: 15 * MINUTE,
    keyPrefix: "sign-in:account",
    tooMany: "Too many sign-in attempts for this email address.",
  },
  /** Counts every attempt, whichever accounts it names. */
  signInPerAddress: {
    name: "signInPerAddress",
    attempts: 100,
    windowSeconds: 15 * MINUTE,
    keyPrefix: "sign-in:address",
    tooMany: "Too many sign-in attempts from your network.",
  },
  signUpPerAddress: {
    name: "signUpPerAddress",
    attempts: 20,
    windowSeconds: HOUR,
    keyPrefix: "sign-up:address",
    tooMany: "Too many sign-ups from your network.",
  },
  /** For `Bearer ct_...` API tokens: the subject is the token's stored id or hash, not the token. */
  apiTokenPerToken: {
    name: "apiTokenPerToken",
    attempts: 600,
    windowSeconds: MINUTE,
    keyPrefix: "api-token:token",
    tooMany: "Too many requests with this API token.",
  },
  invitationAcceptPerAddress: {
    name: "invitationAcceptPerAddress",
    attempts: 30,
    windowSeconds: 15 * MINUTE,
    keyPrefix: "invitation-accept:address",
    tooMany: "Too many invitation attempts from your network.",
  },
  invitationCreatePerOrg: {
    name: "invitationCreatePerOrg",
    attempts: 100,
    windowSeconds: HOUR,
    keyPrefix: "invitation-create:org",
    tooMany: "Too many invitations sent from this organization.",
  },
} as const satisfies Record<RateLimitOverride, RequestPolicy & { name: RateLimitOverride }>;

export type RequestPolicyName = RateLimitOverride;

/** The policy with its configured number of attempts (RATE_LIMIT_* variables), if any. */
export function requestPolicy(name: RequestPolicyName): RequestPolicy {
  const base = REQUEST_POLICIES[name];
  const attempts = getConfig().rateLimits[name];
  return attempts === undefined ? base : { ...base, attempts };
}
