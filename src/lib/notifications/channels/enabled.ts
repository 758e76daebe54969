import { and, asc, eq, isNull } from "drizzle-orm";
import { notificationChannels } from "@/db/schema";
import type { Db } from "@/db/types";

/** Every channel of the organization that is not paused: where organization-wide alerts go. */
export async function enabledChannelIds(db: Db, orgId: string): Promise<string[]> {
  const rows = await db
    .select({ id: notificationChannels.id })
    .from(notificationChannels)
    .where(and(eq(notificationChannels.orgId, orgId), isNull(notificationChannels.disabledAt)))
    .orderBy(asc(notificationChannels.createdAt));
  return rows.map((r) => r.id);
}
