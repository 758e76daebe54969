/** Sends one message to one channel, whatever its type. Never throws: a failure is a SendOutcome. */
import type { notificationChannels } from "@/db/schema";
import { open } from "@/lib/crypto/envelope";
import type { AlertMessage } from "./contract";
import { sendAlertMail } from "./email";
import { postJson, type PostOptions, type SendOutcome } from "./http-post";
import { slackBody, webhookBody } from "./render";
import { signatureHeaders } from "./signing";
import { urlPolicyFromConfig } from "./url-safety";

export type ChannelRow = typeof notificationChannels.$inferSelect;

export interface SendDeps {
  now?: Date;
  post?: Partial<PostOptions>;
}

export function channelSecret(row: ChannelRow): string | null {
  if (!row.secretCiphertext || !row.secretIv || !row.secretAuthTag || row.secretKeyVersion === null) return null;
  return open({
    ciphertext: row.secretCiphertext,
    iv: row.secretIv,
    authTag: row.secretAuthTag,
    keyVersion: row.secretKeyVersion,
  });
}

export interface Delivery {
  /** Stable across retries of one delivery (the outbox row id, or a fresh id for a test). */
  id: string;
  idempotencyKey: string;
  message: AlertMessage;
  createdAt: Date;
}

export async function sendToChannel(
  channel: ChannelRow,
  delivery: Delivery,
  deps: SendDeps = {},
): Promise<SendOutcome> {
  try {
    const post: PostOptions = { policy: urlPolicyFromConfig(), ...deps.post };
    if (channel.type === "email") return await sendAlertMail(channel.email ?? "", delivery.message);
    if (channel.type === "slack") return await postJson(channel.url ?? "", slackBody(delivery.message), {}, post);
    const body = webhookBody(delivery.id, delivery.message, delivery.createdAt);
    const secret = channelSecret(channel);
    if (!secret)
      return { ok: false, statusCode: null, outcome: "This channel has no signing secret", retryable: false };
    const headers = { ...signatureHeaders(secret, body, deps.now ?? new Date()), "X-CogniTrack-Delivery": delivery.id };
    return await postJson(channel.url ?? "", body, headers, post);
  } catch {
    // A secret sealed with a key no longer configured, or a bug: never into the caller.
    return { ok: false, statusCode: null, outcome: "The message could not be prepared for sending", retryable: false };
  }
}
