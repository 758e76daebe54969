import { notificationChannels } from "@/db/schema";
import type { Db } from "@/db/types";
import { seal } from "@/lib/crypto/envelope";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { newSigningSecret } from "../signing";
import { checkWebhookUrl, urlPolicyFromConfig } from "../url-safety";
import type { CreateChannelInput } from "./schemas";
import { toChannelView, type ChannelView } from "./view";

export function sealedSecretColumns(secret: string) {
  const sealed = seal(secret);
  return {
    secretCiphertext: sealed.ciphertext,
    secretIv: sealed.iv,
    secretAuthTag: sealed.authTag,
    secretKeyVersion: sealed.keyVersion,
  };
}

/**
 * Adds a channel. A webhook channel gets a new signing secret, returned here and never again (the
 * row keeps it sealed). The URL's scheme and any IP literal are checked now; names are resolved
 * and checked again at every send, since DNS answers change.
 */
export async function createChannel(
  db: Db,
  actor: ActingAs,
  input: CreateChannelInput,
  meta: { requestId?: string } = {},
): Promise<{ channel: ChannelView & { signingSecret: string | null } }> {
  assertCan(actor, "budgets:write");
  const url = input.type === "email" ? null : checkWebhookUrl(input.url, urlPolicyFromConfig()).toString();
  const signingSecret = input.type === "webhook" ? newSigningSecret() : null;
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(notificationChannels)
      .values({
        orgId: actor.orgId,
        type: input.type,
        name: input.name,
        url,
        email: input.type === "email" ? input.email : null,
        createdByUserId: actor.userId,
        ...(signingSecret ? sealedSecretColumns(signingSecret) : {}),
      })
      .returning();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "channel.create",
      targetType: "notification_channel",
      targetId: row!.id,
      requestId: meta.requestId,
      details: { name: row!.name, type: row!.type },
    });
    return { channel: { ...toChannelView(row!), signingSecret } };
  });
}
