import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { AppError } from "@/lib/errors";
import type { AnalyticsFilters } from "./contract";
import type { ReadTimeoutOptions } from "./read-timeout";
import { cubeFor, filterColumns, ROLLUP_VERSION, type CubeName, type FactColumn } from "./cubes";

export type Source = { kind: "rollup"; cube: CubeName } | { kind: "raw" };

/** "auto" reads a rollup cube when one can answer and is current; tests and the bench force a path. */
export type ReadPath = "auto" | "rollup" | "raw";

export interface ReadOptions extends ReadTimeoutOptions {
  path?: ReadPath;
}

/**
 * True when every provider key in scope that has usage also has cubes of the current
 * ROLLUP_VERSION. A key without them (never refreshed, or built with an older price table or cube
 * layout) would make a cube undercount, so its owner is served from usage_events until the key's
 * next refresh rebuilds them.
 */
export async function rollupIsCurrent(db: Db, userId: string, keyId?: string): Promise<boolean> {
  const [row] = rowsOf<{ stale: number }>(
    await db.execute(sql`
      select count(*)::int as stale
      from provider_keys k
      left join usage_rollup_state s on s.key_id = k.id
      where k.user_id = ${userId}::uuid ${keyId ? sql`and k.id = ${keyId}::uuid` : sql``}
        and s.pricing_version is distinct from ${ROLLUP_VERSION}
        and (s.key_id is not null or exists (select 1 from usage_events e where e.key_id = k.id))`),
  );
  return Number(row?.stale ?? 0) === 0;
}

/** Picks the cube for the filters plus any extra columns the view groups by, or the raw table. */
export async function chooseSource(
  db: Db,
  userId: string,
  filters: AnalyticsFilters,
  groupBy: readonly FactColumn[],
  path: ReadPath = "auto",
): Promise<Source> {
  if (path === "raw") return { kind: "raw" };
  const cube = cubeFor([...filterColumns(filters), ...groupBy]);
  if (!cube) {
    if (path === "rollup") throw new AppError("BAD_REQUEST", "No rollup cube covers these filters.");
    return { kind: "raw" };
  }
  const current = path === "rollup" || (await rollupIsCurrent(db, userId, filters.keyId));
  return current ? { kind: "rollup", cube: cube.name } : { kind: "raw" };
}
