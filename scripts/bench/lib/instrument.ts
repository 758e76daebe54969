/**
 * Cheap stopwatches around the seams of a real ingestion run, so the benchmark can say where the
 * time went without changing src/: the dataset's day generator (emulator side), each HTTP exchange
 * (request to last body byte, which includes the in-process emulator building and serialising the
 * page), every db.execute (parameter serialisation plus the server's work) and every db.transaction.
 */
import type { SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
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

/** Statement time inside transactions, by what the statement does (first matching rule wins). */
export type TxStatementTimes = Record<string, number>;

const dialect = new PgDialect();
const STATEMENT_KINDS: [string, RegExp][] = [
  ["page_upsert_with_rollup_deltas", /^\s*with upserted as/i],
  ["insert_day_rows", /^\s*with base as materialized/i],
  ["insert_block_month_rows", /^\s*with c0 as \(\s*insert/i],
  ["usage_day_digests", /\busage_day_state\b/i],
  ["cost_lines_upsert", /^\s*with input as/i],
  ["cost_rollup_days", /\bcost_line_daily\b|\bcost_daily\b/i],
  ["cost_day_digests", /\bcost_day_state\b/i],
  ["bucket_probe", /^\s*select exists/i],
  ["delete", /\bdelete from\b/i],
  ["rollup_state", /\busage_rollup_state\b/i],
  ["advisory_lock", /pg_advisory_xact_lock/i],
];

function statementKind(query: unknown): string {
  let text = "";
  try {
    text = dialect.sqlToQuery(query as SQL).sql;
  } catch {
    return "other";
  }
  return STATEMENT_KINDS.find(([, re]) => re.test(text))?.[0] ?? "other";
}

/** The `tx` a transaction callback gets, with execute() timed per statement kind. */
function timedTx<T extends object>(tx: T, byKind: TxStatementTimes): T {
  return new Proxy(tx, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === "execute") {
        const fn = value as (q: unknown) => Promise<unknown>;
        return async (q: unknown) => {
          const start = performance.now();
          try {
            return await fn.call(target, q);
          } finally {
            const kind = statementKind(q);
            byKind[kind] = (byKind[kind] ?? 0) + performance.now() - start;
          }
        };
      }
      return typeof value === "function" ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * A Db whose execute() calls (the usage upserts) and transaction() calls (the rollup refresh; the
 * statements inside run on `tx`, are not counted in `s`, and are timed by kind into `byKind`) are
 * timed; the rest passes through.
 */
export function timedDb(db: Db, s: Stopwatch, tx: Stopwatch, byKind: TxStatementTimes = {}): Db {
  return new Proxy(db, {
    get(target, prop) {
      const value = Reflect.get(target, prop, target) as unknown;
      if (prop === "execute") {
        const fn = value as (...a: unknown[]) => Promise<unknown>;
        return (...args: unknown[]) => timed(s, async () => await fn.apply(target, args));
      }
      if (prop === "transaction") {
        const fn = value as (cb: (t: object) => Promise<unknown>, ...rest: unknown[]) => Promise<unknown>;
        return (cb: (t: object) => Promise<unknown>, ...rest: unknown[]) =>
          timed(tx, async () => await fn.call(target, (t: object) => cb(timedTx(t, byKind)), ...rest));
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
