import { and, eq } from "drizzle-orm";
import { notificationChannels } from "@/db/schema";
import type { Db } from "@/db/types";
import { AppError } from "@/lib/errors";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { checkWebhookUrl, urlPolicyFromConfig } from "../url-safety";
import { getOrgChannelRow } from "./get";
import type { UpdateChannelInput } from "./schemas";
import { toChannelView, type ChannelView } from "./view";

/** Renames, re-points or pauses a channel. Its type and signing secret stay as they are. */
export async function updateChannel(
  db: Db,
  actor: ActingAs,
  channelId: string,
  input: UpdateChannelInput,
  meta: { requestId?: string } = {},
): Promise<{ channel: ChannelView }> {
  assertCan(actor, "budgets:write");
  return db.transaction(async (tx) => {
    const current = await getOrgChannelRow(tx, actor.orgId, channelId);
    if (input.url !== undefined && current.type === "email")
      throw new AppError("VALIDATION_FAILED", "An email channel has no url; change its email instead.");
    if (input.email !== undefined && current.type !== "email")
      throw new AppError("VALIDATION_FAILED", `A ${current.type} channel has no email; change its url instead.`);
    const url = input.url === undefined ? undefined : checkWebhookUrl(input.url, urlPolicyFromConfig()).toString();
    const [row] = await tx
      .update(notificationChannels)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(url !== undefined ? { url } : {}),
        ...(input.email !== undefined ? { email: input.email } : {}),
        ...(input.enabled !== undefined
          ? { disabledAt: input.enabled ? null : (current.disabledAt ?? new Date()) }
          : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(notificationChannels.id, channelId), eq(notificationChannels.orgId, actor.orgId)))
      .returning();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "channel.update",
      targetType: "notification_channel",
      targetId: channelId,
      requestId: meta.requestId,
      details: { name: row!.name, fields: Object.keys(input), enabled: row!.disabledAt === null },
    });
    return { channel: toChannelView(row!) };
  });
}
