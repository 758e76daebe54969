import { and, eq } from "drizzle-orm";
import { notificationChannels } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";

/** Removes a channel with its queued messages and delivery log (they cascade). */
export async function deleteChannel(db: Db, actor: ActingAs, channelId: string, meta: { requestId?: string } = {}) {
  assertCan(actor, "budgets:write");
  return db.transaction(async (tx) => {
    const [deleted] = await tx
      .delete(notificationChannels)
      .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.orgId, actor.orgId)))
      .returning({ id: notificationChannels.id, name: notificationChannels.name, type: notificationChannels.type });
    if (!deleted) throw notFound("Channel");
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "channel.delete",
      targetType: "notification_channel",
      targetId: channelId,
      requestId: meta.requestId,
      details: { name: deleted.name, type: deleted.type },
    });
    return { id: channelId, deleted: true };
  });
}
