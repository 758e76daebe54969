import { and, eq } from "drizzle-orm";
import { notificationChannels } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";

/** Fetch-or-throw within the organization: another organization's channel id is a 404. */
export async function getOrgChannelRow(db: Db, orgId: string, channelId: string) {
  const [row] = await db
    .select()
    .from(notificationChannels)
    .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.orgId, orgId)));
  if (!row) throw notFound("Channel");
  return row;
}
