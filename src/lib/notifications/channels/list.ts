import { asc, eq } from "drizzle-orm";
import { notificationChannels } from "@/db/schema";
import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { recentDeliveries, type DeliveryLogView } from "../outbox/log";
import { toChannelView, type ChannelView } from "./view";

export type ChannelWithLog = ChannelView & { recentDeliveries: DeliveryLogView[] };

/** The organization's channels, oldest first, each with its latest delivery attempts. */
export async function listChannels(
  db: Db,
  actor: ActingAs,
  opts: { perChannel?: number } = {},
): Promise<ChannelWithLog[]> {
  assertCan(actor, "budgets:read");
  const rows = await db
    .select()
    .from(notificationChannels)
    .where(eq(notificationChannels.orgId, actor.orgId))
    .orderBy(asc(notificationChannels.createdAt), asc(notificationChannels.id));
  const log = await recentDeliveries(
    db,
    actor.orgId,
    rows.map((r) => r.id),
    opts.perChannel ?? 5,
  );
  return rows.map((r) => ({ ...toChannelView(r), recentDeliveries: log.filter((d) => d.channelId === r.id) }));
}
