import { beforeEach, describe, expect, it } from "vitest";
import { TokenBucket } from "@/lib/rate-limit/token-bucket";
import { POLICIES, getCredentialBucket, resetCredentialBuckets } from "@/lib/rate-limit/policies";

function fakeClock(start = 1_000_000) {
  const clock = { t: start, slept: [] as number[] };
  return {
    clock,
    now: () => clock.t,
    sleep: async (ms: number) => {
      clock.slept.push(ms);
      clock.t += ms;
    },
  };
}

describe("TokenBucket", () => {
  it("serves a burst of `capacity` immediately, then paces at the refill rate", async () => {
    const { clock, now, sleep } = fakeClock();
    const bucket = new TokenBucket({ capacity: 3, refillPerMinute: 60, now, sleep });
    expect([await bucket.take(), await bucket.take(), await bucket.take()]).toEqual([0, 0, 0]);
    expect(await bucket.take()).toBe(1000);
    expect(await bucket.take()).toBe(1000);
    expect(clock.slept).toEqual([1000, 1000]);
  });

  it("adds its guard to a paced wait only, and keeps the rate", async () => {
    const { clock, now, sleep } = fakeClock();
    const bucket = new TokenBucket({ capacity: 2, refillPerMinute: 60, now, sleep, guardMs: 250 });
    expect([await bucket.take(), await bucket.take()]).toEqual([0, 0]);
    expect(await bucket.take()).toBe(1250);
    // The guard is not owed back: the next token is due 1000 ms after the last one was.
    expect(await bucket.take()).toBe(1000);
    expect(clock.slept).toEqual([1250, 1000]);
  });

  it("refills with elapsed time but never beyond capacity", async () => {
    const { clock, now, sleep } = fakeClock();
    const bucket = new TokenBucket({ capacity: 2, refillPerMinute: 30, now, sleep });
    await bucket.take();
    await bucket.take();
    clock.t += 10 * 60_000;
    expect([await bucket.take(), await bucket.take()]).toEqual([0, 0]);
    expect(await bucket.take()).toBe(2000);
  });

  it("queues concurrent callers in order instead of letting them all through", async () => {
    // A clock that does not advance while callers sleep: each must reserve its own future slot.
    const slept: number[] = [];
    const bucket = new TokenBucket({
      capacity: 1,
      refillPerMinute: 60,
      now: () => 0,
      sleep: async (ms) => void slept.push(ms),
    });
    const waits = await Promise.all([bucket.take(), bucket.take(), bucket.take()]);
    expect(waits).toEqual([0, 1000, 2000]);
  });

  it("rejects nonsense rates", () => {
    expect(() => new TokenBucket({ capacity: 0, refillPerMinute: 60 })).toThrow(RangeError);
    expect(() => new TokenBucket({ capacity: 1, refillPerMinute: 0 })).toThrow(RangeError);
  });
});

describe("getCredentialBucket", () => {
  beforeEach(() => resetCredentialBuckets());

  it("shares one bucket per credential id across callers", () => {
    const a = getCredentialBucket("cred_1", POLICIES.openaiAdmin);
    expect(getCredentialBucket("cred_1", POLICIES.openaiAdmin)).toBe(a);
    expect(getCredentialBucket("cred_2", POLICIES.openaiAdmin)).not.toBe(a);
  });

  it("keeps the same bucket when the policy changes", () => {
    const a = getCredentialBucket("cred_1", POLICIES.openaiAdmin);
    expect(getCredentialBucket("cred_1", { name: "slower", requestsPerMinute: 1, burst: 1 })).toBe(a);
  });

  it("refuses something that looks like a key instead of an id", () => {
    expect(() => getCredentialBucket("sk-admin-looks-like-a-key", POLICIES.openaiAdmin)).toThrow(/credential id/);
  });
});
