/** Stored daily usage of one organization, read as UsageRows, and the organization the diff is about. */
import type { Db } from "@/db/types";
import { findOrganization, findPersonalOrganization } from "@/lib/orgs/find";
import { OPENAI_EXPORT_ENDPOINTS } from "@/lib/usage/parity";
import type { ParityUsageGroup } from "@/lib/usage/parity-schemas";
import { listStoredUsage, orgsWithStoredUsage } from "@/lib/usage/stored";
import { UsageError } from "../lib/runtime";
import { dayOf, type UsageRow } from "./csv";

export interface DayRange {
  start: string;
  end: string;
}

export interface DiffOrg {
  id: string;
  name: string;
}

/** Stored usage groups (GET /api/usage/parity's shape) in the export's vocabulary, one UsageRow per group. */
export function groupsAsUsageRows(groups: ParityUsageGroup[]): UsageRow[] {
  return groups.map((g) => {
    const startTime = Math.floor(Date.parse(`${g.day}T00:00:00Z`) / 1000);
    return {
      day: g.day,
      startTime,
      endTime: startTime + 86_400,
      projectId: g.projectId,
      apiKeyId: g.apiKeyId,
      userId: g.userId,
      model: g.model,
      batch: g.batch,
      serviceTier: g.serviceTier,
      inputTokens: g.inputTokens,
      outputTokens: g.outputTokens,
      inputCachedTokens: g.cachedInputTokens,
      numModelRequests: g.requests,
      simulated: g.simulated,
      rows: g.rows,
    };
  });
}

/** Stored OpenAI usage rows one by one (for --write-csv, which lists rows, not groups). */
export async function loadStoredUsage(db: Db, orgId: string, range?: DayRange): Promise<UsageRow[]> {
  const rows = await listStoredUsage(db, orgId, range, { endpoints: OPENAI_EXPORT_ENDPOINTS, provider: "openai" });
  return rows.map((r) => {
    const startTime = Math.floor(r.windowStart.getTime() / 1000);
    return {
      day: dayOf(startTime),
      startTime,
      endTime: Math.floor(r.windowEnd.getTime() / 1000),
      projectId: r.projectId,
      apiKeyId: r.apiKeyId,
      userId: r.providerUserId,
      model: r.model,
      batch: r.batch,
      serviceTier: r.serviceTier,
      inputTokens: r.inputTokens,
      outputTokens: r.outputTokens,
      inputCachedTokens: r.cachedInputTokens,
      numModelRequests: r.requests,
      simulated: r.simulated,
    };
  });
}

/** --org (name or id), --user (their personal organization), or the only organization with stored usage. */
export async function resolveDiffOrg(db: Db, who: { org?: string; user?: string } = {}): Promise<DiffOrg> {
  if (who.org) {
    const found = await findOrganization(db, who.org);
    if (!found) throw new UsageError(`no organization matches --org "${who.org}" (give an organization's name or id)`);
    return { id: found.id, name: found.name };
  }
  if (who.user) {
    const found = await findPersonalOrganization(db, who.user);
    if (!found) throw new UsageError(`no user matches --user "${who.user}" (give an account email or user id)`);
    return { id: found.id, name: found.name };
  }
  const orgs = await orgsWithStoredUsage(db, 2);
  if (orgs.length === 0) throw new UsageError("no stored usage yet; run a sync or a backfill first");
  if (orgs.length > 1) {
    throw new UsageError("several organizations have stored usage; say whose with --org NAME_OR_ID");
  }
  return orgs[0]!;
}
