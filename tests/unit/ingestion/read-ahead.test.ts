import { describe, expect, it } from "vitest";
import { readAhead } from "@/lib/ingestion/read-ahead";

/** A page source that logs when each read starts and ends, and whether it was closed. */
function pages(count: number, failAt?: number) {
  const log: string[] = [];
  let release: (() => void)[] = [];
  const source = {
    log,
    /** Lets every read in flight finish. */
    flush() {
      const waiting = release;
      release = [];
      for (const r of waiting) r();
    },
    async *[Symbol.asyncIterator]() {
      try {
        for (let i = 1; i <= count; i++) {
          log.push(`read ${i}`);
          await new Promise<void>((resolve) => release.push(resolve));
          if (i === failAt) throw new Error(`page ${i} failed`);
          yield i;
        }
      } finally {
        log.push("closed");
      }
    },
  };
  return source;
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("readAhead", () => {
  it("reads page N+1 while page N is being stored, never two ahead", async () => {
    const source = pages(3);
    const it = readAhead(source)[Symbol.asyncIterator]();
    const first = it.next();
    await tick();
    source.flush();
    expect(await first).toEqual({ value: 1, done: false });
    await tick();
    // Page 1 is with the consumer and page 2 is on its way; page 3 waits for the consumer.
    expect(source.log).toEqual(["read 1", "read 2"]);
    source.flush();
    await tick();
    expect(source.log).toEqual(["read 1", "read 2"]);
    expect(await it.next()).toEqual({ value: 2, done: false });
    await tick();
    expect(source.log).toEqual(["read 1", "read 2", "read 3"]);
    source.flush();
    expect(await it.next()).toEqual({ value: 3, done: false });
    expect(await it.next()).toEqual({ value: undefined, done: true });
    expect(source.log.at(-1)).toBe("closed");
  });

  it("hands over every page before the failure of the next one", async () => {
    const source = pages(3, 2);
    const seen: number[] = [];
    const run = (async () => {
      for await (const page of readAhead(source)) seen.push(page);
    })().then(
      () => null,
      (e: unknown) => e,
    );
    for (let i = 0; i < 5; i++) {
      await tick();
      source.flush();
    }
    expect(await run).toEqual(new Error("page 2 failed"));
    expect(seen).toEqual([1]);
  });

  it("closes the source when the consumer stops early", async () => {
    const source = pages(5);
    const run = (async () => {
      for await (const page of readAhead(source)) if (page === 2) break;
    })();
    for (let i = 0; i < 6; i++) {
      await tick();
      source.flush();
    }
    await run;
    await tick();
    source.flush();
    await tick();
    expect(source.log).toEqual(["read 1", "read 2", "read 3", "closed"]);
  });
});
