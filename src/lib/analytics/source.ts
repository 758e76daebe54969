import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { AppError } from "@/lib/errors";
import type { AnalyticsFilters } from "./contract";
import type { ReadTimeoutOptions } from "./read-timeout";
import { ROLLUP_VERSION, type CubeName, type FactColumn } from "@/lib/rollup";
import { cubeFor, filterColumns } from "./plan";

export type Source = { kind: "rollup"; cube: CubeName } | { kind: "raw" };

/** "auto" reads a rollup cube when one can answer and is current; tests and the bench force a path. */
export type ReadPath = "auto" | "rollup" | "raw";

export interface ReadOptions extends ReadTimeoutOptions {
  path?: ReadPath;
}

/**
 * True when every provider account in scope that has usage also has cubes of the current
 * ROLLUP_VERSION. An account without them (never refreshed, emptied by a migration, or built with
 * an older price table or cube layout) would make a cube undercount, so its organization is served
 * from usage_events until the account's next refresh rebuilds them.
 */
export async function rollupIsCurrent(db: Db, orgId: string, accountId?: string): Promise<boolean> {
  const [row] = rowsOf<{ stale: number }>(
    await db.execute(sql`
      select count(*)::int as stale
      from provider_accounts a
      left join usage_rollup_state s on s.account_id = a.id
      where a.org_id = ${orgId}::uuid ${accountId ? sql`and a.id = ${accountId}::uuid` : sql``}
        and s.pricing_version is distinct from ${ROLLUP_VERSION}
        and (s.account_id is not null or exists (select 1 from usage_events e where e.account_id = a.id))`),
  );
  return Number(row?.stale ?? 0) === 0;
}

/** Picks the cube for the filters plus any extra columns the view groups by, or the raw table. */
export async function chooseSource(
  db: Db,
  orgId: string,
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
  const current = path === "rollup" || (await rollupIsCurrent(db, orgId, filters.accountId));
  return current ? { kind: "rollup", cube: cube.name } : { kind: "raw" };
}
