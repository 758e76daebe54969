import { and, eq, inArray } from "drizzle-orm";
import { notificationChannels } from "@/db/schema";
import type { Db } from "@/db/types";
import { AppError } from "@/lib/errors";

/**
 * For callers that store channel ids (budgets): every id must be a channel of this organization.
 * Another organization's id reads exactly like a missing one, so nothing leaks.
 */
export async function assertOrgChannels(db: Db, orgId: string, channelIds: string[]): Promise<string[]> {
  const unique = [...new Set(channelIds)];
  if (unique.length === 0) return [];
  const found = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.orgId, orgId), inArray(notificationChannels.id, unique)));
  const known = new Set(found.map((r) => r.id));
  const missing = unique.filter((id) => !known.has(id));
  if (missing.length > 0) {
    throw new AppError(
      "VALIDATION_FAILED",
      `channelIds: no channel ${missing.slice(0, 3).join(", ")}${missing.length > 3 ? ", ..." : ""} in this organization.`,
    );
  }
  return unique;
}
