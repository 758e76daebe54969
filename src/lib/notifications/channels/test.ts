import { randomUUID } from "node:crypto";
import type { Db } from "@/db/types";
import { getConfig } from "@/lib/env";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import type { AlertMessage } from "../contract";
import { recordAttempt } from "../outbox/log";
import { sendToChannel, type SendDeps } from "../send";
import { getOrgChannelRow } from "./get";

export interface TestResult {
  ok: boolean;
  /** Plain words: "Delivered: the receiver answered 200", "The receiver answered 500". */
  message: string;
  statusCode: number | null;
  durationMs: number;
}

export function testMessage(channelName: string): AlertMessage {
  return {
    kind: "test",
    title: `Test message for "${channelName}"`,
    text: "This is a test from CogniTrack. If you can read it, alerts will reach you here.",
    url: `${getConfig().appUrl}/settings/channels`,
    facts: { Channel: channelName },
  };
}

/** Sends a test message now (not through the outbox) and reports what the receiver said. */
export async function testChannel(
  db: Db,
  actor: ActingAs,
  channelId: string,
  meta: { requestId?: string } = {},
  deps: SendDeps = {},
): Promise<TestResult> {
  assertCan(actor, "budgets:write");
  const channel = await getOrgChannelRow(db, actor.orgId, channelId);
  const started = performance.now();
  const id = `test_${randomUUID()}`;
  const result = await sendToChannel(
    channel,
    { id, idempotencyKey: id, message: testMessage(channel.name), createdAt: new Date() },
    deps,
  );
  const durationMs = Math.round(performance.now() - started);
  await recordAttempt(db, {
    orgId: actor.orgId,
    channelId,
    outboxId: null,
    attempt: 1,
    result,
    durationMs,
    at: new Date(),
  });
  await recordAudit(db, {
    orgId: actor.orgId,
    actor,
    action: "channel.test",
    targetType: "notification_channel",
    targetId: channelId,
    requestId: meta.requestId,
    details: { name: channel.name, ok: result.ok, statusCode: result.statusCode },
  });
  return { ok: result.ok, message: `${result.outcome}.`, statusCode: result.statusCode, durationMs };
}
