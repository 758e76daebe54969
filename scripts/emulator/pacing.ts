// Opt-in per-credential pacing, as the providers do it: each key has a token bucket; a request that
// finds it empty gets a 429 with Retry-After instead of service. Every request is also counted per
// credential (paced or not), so a harness can prove no key was fetched twice.

import { z } from "zod";

export const pacingSchema = z.object({
  requestsPerMinute: z.number().positive(),
  /** requests a quiet key may send at once (default 1: strictly paced) */
  burst: z.number().int().min(1).optional(),
});
export type PacingOptions = z.infer<typeof pacingSchema>;

interface Bucket {
  tokens: number;
  last: number;
}

export class CredentialPacer {
  private readonly buckets = new Map<string, Bucket>();
  private readonly msPerToken: number;
  private readonly burst: number;
  /** Requests seen per credential (the key as sent; "(none)" without one), 429s included. */
  readonly requests = new Map<string, number>();
  /** Of those, how many were turned away by the pacing. */
  readonly limited = new Map<string, number>();

  constructor(
    private readonly options: PacingOptions | null,
    private readonly now: () => number = Date.now,
  ) {
    const parsed = options ? pacingSchema.parse(options) : null;
    this.msPerToken = parsed === null ? 0 : 60_000 / parsed.requestsPerMinute;
    this.burst = parsed?.burst ?? 1;
  }

  /** Counts the request; with pacing on, the seconds to wait when the key is over its rate, else null. */
  admit(key: string | null): number | null {
    const id = key ?? "(none)";
    this.requests.set(id, (this.requests.get(id) ?? 0) + 1);
    if (!this.options || key === null) return null;
    const t = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.burst, last: t };
    bucket.tokens = Math.min(this.burst, bucket.tokens + (t - bucket.last) / this.msPerToken);
    bucket.last = t;
    this.buckets.set(key, bucket);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return null;
    }
    this.limited.set(key, (this.limited.get(key) ?? 0) + 1);
    return Math.max(1, Math.ceil(((1 - bucket.tokens) * this.msPerToken) / 1000));
  }

  reset(): void {
    this.buckets.clear();
    this.requests.clear();
    this.limited.clear();
  }
}
