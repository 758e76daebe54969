/**
 * Cheap stopwatches around the seams of a real ingestion run, so the benchmark can say where the
 * time went without changing src/: the dataset's day generator (emulator side), each HTTP exchange
 * (request to last body byte, which includes the in-process emulator building and serialising the
 * page), every db.execute (parameter serialisation plus the server's work) and every db.transaction.
 */
import type { Db } from "@/db/types";
import type { EmulatorDataset } from "../../emulator/types";

export interface Stopwatch {
  ms: number;
  calls: number;
}

export const stopwatch = (): Stopwatch => ({ ms: 0, calls: 0 });

export function resetStopwatch(s: Stopwatch) {
  s.ms = 0;
  s.calls = 0;
}

async function timed<T>(s: Stopwatch, fn: () => Promise<T>): Promise<T> {
  const start = performance.now();
  try {
    return await fn();
  } finally {
    s.ms += performance.now() - start;
    s.calls++;
  }
}

/**
 * A Db whose execute() calls (the usage upserts) and transaction() calls (the rollup refresh; the
 * statements inside run on `tx` and are not counted twice) are timed; the rest passes through.
 */
export function timedDb(db: Db, s: Stopwatch, tx: Stopwatch): Db {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === "execute" || prop === "transaction") {
        const fn = value as (...a: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => timed(prop === "execute" ? s : tx, async () => await fn.apply(target, args));
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** fetch that reads the whole body before resolving, so the stopwatch covers the transfer. */
export function timedFetch(s: Stopwatch): typeof fetch {
  return (input, init) =>
    timed(s, async () => {
      const res = await fetch(input, init);
      const body = await res.arrayBuffer();
      return new Response(res.status === 204 ? null : body, {
        status: res.status,
        statusText: res.statusText,
        headers: res.headers,
      });
    });
}

/** Wraps the dataset's lazy per-day generator with a stopwatch (the emulator calls it per bucket). */
export function timedDataset(dataset: EmulatorDataset, s: Stopwatch): EmulatorDataset {
  const dayUsage = dataset.dayUsage.bind(dataset);
  return {
    ...dataset,
    dayUsage(dayStartUnix, orgId) {
      const start = performance.now();
      try {
        return dayUsage(dayStartUnix, orgId);
      } finally {
        s.ms += performance.now() - start;
        s.calls++;
      }
    },
  };
}
