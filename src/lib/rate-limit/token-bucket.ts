export interface TokenBucketOptions {
  capacity: number;
  refillPerMinute: number;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /**
   * A caller that has to wait waits this much longer. The provider's bucket for the credential
   * starts when our first request ARRIVES (after a connection set-up), ours when we sent it, so a
   * later request that travels faster than the first would arrive a moment early and earn a 429.
   * It delays each paced request, not the schedule: the rate stays the same.
   */
  guardMs?: number;
}

export const realSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Classic token bucket. A caller that finds it empty reserves the next token (the balance goes
 * negative) and sleeps until that token is due, so concurrent callers are served in arrival order
 * and never overshoot the rate.
 */
export class TokenBucket {
  private capacity!: number;
  private msPerToken!: number;
  private tokens: number;
  private last: number;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly guardMs: number;

  constructor(opts: TokenBucketOptions) {
    this.setRate(opts);
    this.now = opts.now ?? Date.now;
    this.sleep = opts.sleep ?? realSleep;
    this.guardMs = opts.guardMs ?? 0;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Changes the rate in place, keeping the current balance (clamped), so a config change never refills. */
  setRate(opts: { capacity: number; refillPerMinute: number }): void {
    if (!(Number.isFinite(opts.capacity) && opts.capacity >= 1)) throw new RangeError("capacity must be >= 1");
    if (!(Number.isFinite(opts.refillPerMinute) && opts.refillPerMinute > 0)) {
      throw new RangeError("refillPerMinute must be > 0");
    }
    this.capacity = opts.capacity;
    this.msPerToken = 60_000 / opts.refillPerMinute;
    if (this.tokens !== undefined) this.tokens = Math.min(this.tokens, this.capacity);
  }

  /** Takes one token, waiting if needed. Resolves with the milliseconds waited. */
  async take(): Promise<number> {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) / this.msPerToken);
    this.last = t;
    this.tokens -= 1;
    if (this.tokens >= 0) return 0;
    const waitMs = Math.ceil(-this.tokens * this.msPerToken) + this.guardMs;
    await this.sleep(waitMs);
    return waitMs;
  }
}
