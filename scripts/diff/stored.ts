/** Stored daily usage of one user, read as UsageRows, and the user the diff is about. */
import { and, asc, eq, gte, lt, sql } from "drizzle-orm";
import { usageEvents } from "@/db/schema";
import { rowsOf, type Db } from "@/db/types";
import { findUserByEmailOrId } from "@/lib/auth/accounts";
import { DAY_MS, parseUtcDate } from "@/lib/ingestion/windows";
import { UsageError } from "../lib/runtime";
import { dayOf, type UsageRow } from "./csv";

export interface DayRange {
  start: string;
  end: string;
}

export async function loadStoredUsage(db: Db, userId: string, range?: DayRange): Promise<UsageRow[]> {
  const scope = [eq(usageEvents.userId, userId)];
  if (range) {
    scope.push(gte(usageEvents.windowStart, parseUtcDate(range.start, "the first day to compare")));
    scope.push(
      lt(usageEvents.windowStart, new Date(parseUtcDate(range.end, "the last day to compare").getTime() + DAY_MS)),
    );
  }
  const rows = await db
    .select()
    .from(usageEvents)
    .where(and(...scope))
    .orderBy(
      asc(usageEvents.windowStart),
      asc(usageEvents.projectId),
      asc(usageEvents.apiKeyId),
      asc(usageEvents.providerUserId),
      asc(usageEvents.model),
      asc(usageEvents.batch),
      asc(usageEvents.serviceTier),
      asc(usageEvents.id),
    );
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

/** --user, or the only user with stored usage. */
export async function resolveDiffUser(db: Db, user?: string): Promise<{ id: string; email: string }> {
  if (user) {
    const found = await findUserByEmailOrId(db, user);
    if (!found) throw new UsageError(`no user matches --user "${user}" (give an account email or user id)`);
    return { id: found.id, email: found.email };
  }
  const result = await db.execute(
    sql`select distinct u.id, u.email from usage_events e join users u on u.id = e.user_id limit 2`,
  );
  const users = rowsOf<{ id: string; email: string }>(result);
  if (users.length === 0) throw new UsageError("no stored usage yet; run a sync or a backfill first");
  if (users.length > 1) throw new UsageError("several users have stored usage; say whose with --user EMAIL_OR_ID");
  return users[0]!;
}
