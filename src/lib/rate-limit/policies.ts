import { TokenBucket } from "./token-bucket";

export interface RatePolicy {
  name: string;
  requestsPerMinute: number;
  burst: number;
}

/**
 * The pacing of our calls out to each provider, per credential, and the only place its numbers
 * live. Conservative: the providers do not publish admin-endpoint limits, and 429s cost more than
 * pacing. OpenAI's legacy usage endpoint (standard keys) is paced like its admin endpoints.
 */
export const POLICIES = {
  openaiAdmin: { name: "openai-admin", requestsPerMinute: 60, burst: 10 },
  anthropicAdmin: { name: "anthropic-admin", requestsPerMinute: 50, burst: 5 },
} as const satisfies Record<string, RatePolicy>;

export type ProviderPolicyName = keyof typeof POLICIES;

/** A configured rate (OPENAI_ADMIN_* / ANTHROPIC_ADMIN_* variables); an absent field keeps the policy's number. */
export type RatePolicyOverride = { requestsPerMinute?: number; burst?: number };

export function providerPolicy(name: ProviderPolicyName, override: RatePolicyOverride = {}): RatePolicy {
  const base = POLICIES[name];
  return {
    name: base.name,
    requestsPerMinute: override.requestsPerMinute ?? base.requestsPerMinute,
    burst: override.burst ?? base.burst,
  };
}

/** See TokenBucketOptions.guardMs: enough for a slow first request (a new connection) on a busy host. */
export const PACING_GUARD_MS = 250;

const registry = new Map<string, TokenBucket>();

/**
 * One bucket per provider credential for the whole process, so every job using the same key shares
 * its pacing. Keyed by the credential's id; a later call with a different policy updates the rate
 * of the existing bucket rather than handing out a fresh, full one.
 */
export function getCredentialBucket(credentialId: string, policy: RatePolicy): TokenBucket {
  if (!credentialId) throw new Error("getCredentialBucket needs a credential id");
  // Guard against a caller passing the secret itself, which would then live on as a map key.
  if (/^(sk-|Bearer\s)/i.test(credentialId)) throw new Error("getCredentialBucket takes a credential id, not a key");
  const rate = { capacity: policy.burst, refillPerMinute: policy.requestsPerMinute };
  const existing = registry.get(credentialId);
  if (existing) {
    existing.setRate(rate);
    return existing;
  }
  const bucket = new TokenBucket({ ...rate, guardMs: PACING_GUARD_MS });
  registry.set(credentialId, bucket);
  return bucket;
}

/** Drops a credential's bucket, e.g. when the credential is deleted. */
export function forgetCredentialBucket(credentialId: string): void {
  registry.delete(credentialId);
}

/** For tests. */
export function resetCredentialBuckets(): void {
  registry.clear();
}
