import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { sql } from "drizzle-orm";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type Db } from "@/db/types";

/** 35 days of data, so a 30-day backfill has real usage on every day. */
export const CLI_DATASET = {
  seed: 73011, // five digits: the emulator's admin key must pass the 20-character key check
  projects: 3,
  apiKeysPerProject: 3,
  users: 5,
  models: 4,
  days: 35,
  endDate: "2026-10-31",
  density: 0.5,
};
export const CLI_WINDOW = { start: "2026-10-02", end: "2026-10-31" };
/** "Now" for planning: after the dataset, so no day is cut off as the future. */
export const CLI_NOW = Date.parse("2026-11-21T12:00:00Z");

/** A small page cap puts most days across several pages, so chunk edges meet pagination. */
export function startCliEmulator(maxResultsPerPage = 60): Promise<EmulatorHandle> {
  return startEmulator({ dataset: generateDataset(CLI_DATASET), port: 0, maxResultsPerPage });
}

export const tempDir = (prefix: string) => mkdtempSync(path.join(tmpdir(), `cognitrack-cli-${prefix}-`));

/**
 * Every stored row of an organization without ids, account ids or timestamps: two organizations
 * holding the same usage compare equal.
 */
export async function usageRowsOf(db: Db, orgId: string): Promise<string[]> {
  const result = await db.execute(sql`
    select source, model, to_char(window_start at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as ws,
      to_char(window_end at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI') as we,
      input_tokens::text as i, output_tokens::text as o, cached_input_tokens::text as c, requests::text as r,
      project_id, api_key_id, provider_user_id, service_tier, batch, simulated
    from usage_events where org_id = ${orgId}::uuid`);
  return rowsOf<Record<string, unknown>>(result)
    .map((r) => JSON.stringify(r))
    .sort();
}

export async function storedDays(db: Db, orgId: string): Promise<string[]> {
  const result = await db.execute(sql`
    select distinct to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day
    from usage_events where org_id = ${orgId}::uuid order by 1`);
  return rowsOf<{ day: string }>(result).map((r) => r.day);
}

export function daysBetween(start: string, end: string): string[] {
  const days: string[] = [];
  for (let t = Date.parse(`${start}T00:00:00Z`); t <= Date.parse(`${end}T00:00:00Z`); t += 86_400_000) {
    days.push(new Date(t).toISOString().slice(0, 10));
  }
  return days;
}
