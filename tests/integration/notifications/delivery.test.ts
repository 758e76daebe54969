import { and, asc, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { notificationDeliveries, notificationOutbox } from "@/db/schema";
import type { Db, DbHandle } from "@/db/types";
import { resetConfig } from "@/lib/env";
import {
  deliverDueNotifications,
  deliveryStatusByKey,
  enqueueAlert,
  runNotificationDelivery,
  type AlertMessage,
} from "@/lib/notifications";
import { createChannel } from "@/lib/notifications/channels/create";
import { createChannelSchema } from "@/lib/notifications/channels/schemas";
import { updateChannel } from "@/lib/notifications/channels/update";
import { MAX_ATTEMPTS } from "@/lib/notifications/outbox/backoff";
import { TEST_ENV } from "../setup-env";
import { createTestDb, createTestOrg } from "../test-db";
import { mailSubject, startSmtpSink, startWebhookReceiver, type WebhookReceiver } from "./receivers";
import { loadDocumentedVerifier } from "./snippet";

let handle: DbHandle;
let receiver: WebhookReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

beforeAll(async () => {
  [handle, receiver, smtp] = await Promise.all([createTestDb(), startWebhookReceiver(), startSmtpSink()]);
  resetConfig({ ...TEST_ENV, WEBHOOK_ALLOW_PRIVATE: "true", SMTP_URL: smtp.url, SMTP_FROM: "alerts@test.example" });
});
afterAll(async () => {
  resetConfig(TEST_ENV);
  await Promise.all([handle?.close(), receiver?.close(), smtp?.close()]);
});

const MESSAGE: AlertMessage = {
  kind: "budget_threshold",
  title: "Budget 'OpenAI prod' passed 80% of $500.00",
  text: "Spend this month is $402.17 of $500.00.",
  url: "http://localhost:3000/budgets",
  facts: { Budget: "OpenAI prod", Spent: "$402.17" },
};

let keys = 0;
const newKey = () => `budget:test-${Date.now()}-${keys++}:2026-12:80:actual`;

async function webhookChannel(db: Db, orgActor: Awaited<ReturnType<typeof createTestOrg>>["actor"], path: string) {
  const { channel } = await createChannel(
    db,
    orgActor,
    createChannelSchema.parse({ type: "webhook", name: `Hook ${path}`, url: receiver.url(path) }),
  );
  return channel;
}

const requestsTo = (path: string) => receiver.received.filter((r) => r.path === path);

async function outboxRows(db: Db, key: string) {
  return db
    .select()
    .from(notificationOutbox)
    .where(eq(notificationOutbox.idempotencyKey, key))
    .orderBy(asc(notificationOutbox.channelId));
}

// Far enough ahead that whatever is queued is due; each test uses its own keys and paths.
const later = (ms: number) => new Date(Date.now() + ms);

describe(`alert outbox on ${onPostgres ? "PostgreSQL" : "PGlite"}`, () => {
  it("enqueues an alert once per channel however often it is enqueued, and sends it once", async () => {
    const { actor } = await createTestOrg(handle.db);
    const a = await webhookChannel(handle.db, actor, "/once-a");
    const b = await webhookChannel(handle.db, actor, "/once-b");
    const key = newKey();
    const input = { orgId: actor.orgId, channelIds: [a.id, b.id, a.id], idempotencyKey: key, message: MESSAGE };
    expect(await enqueueAlert(handle.db, input)).toEqual({ queued: 2 });
    expect(await enqueueAlert(handle.db, input)).toEqual({ queued: 0 });
    await Promise.all([enqueueAlert(handle.db, input), enqueueAlert(handle.db, input)]);
    expect(await outboxRows(handle.db, key)).toHaveLength(2);

    expect(await deliveryStatusByKey(handle.db, actor.orgId, [key])).toMatchObject({ [key]: { status: "pending" } });
    await deliverDueNotifications(handle.db, { now: later(1000) });
    await deliverDueNotifications(handle.db, { now: later(24 * 3600_000) });
    expect(requestsTo("/once-a")).toHaveLength(1);
    expect(requestsTo("/once-b")).toHaveLength(1);
    const status = await deliveryStatusByKey(handle.db, actor.orgId, [key, "never-enqueued"]);
    expect(Object.keys(status)).toEqual([key]);
    expect(status[key]!.status).toBe("sent");
    expect(status[key]!.channels.map((c) => [c.status, c.attempts]).sort()).toEqual([
      ["sent", 1],
      ["sent", 1],
    ]);
  });

  it("delivers a signed body that the documented snippet verifies, with the outbox id as delivery id", async () => {
    const verify = await loadDocumentedVerifier();
    const { actor } = await createTestOrg(handle.db);
    const { channel } = await createChannel(
      handle.db,
      actor,
      createChannelSchema.parse({ type: "webhook", name: "Signed", url: receiver.url("/outbox-signed") }),
    );
    const key = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [channel.id],
      idempotencyKey: key,
      message: MESSAGE,
    });
    await deliverDueNotifications(handle.db, { now: later(1000) });
    const [request] = requestsTo("/outbox-signed");
    expect(request).toBeDefined();
    expect(verify(channel.signingSecret!, request!.headers, request!.body)).toBe(true);
    const [row] = await outboxRows(handle.db, key);
    expect(JSON.parse(request!.body)).toMatchObject({ id: row!.id, kind: "budget_threshold", title: MESSAGE.title });
    expect(request!.headers["x-cognitrack-delivery"]).toBe(row!.id);
  });

  it("leaves out paused channels and channels of another organization", async () => {
    const a = await createTestOrg(handle.db);
    const b = await createTestOrg(handle.db);
    const mine = await webhookChannel(handle.db, a.actor, "/paused");
    const theirs = await webhookChannel(handle.db, b.actor, "/theirs");
    await updateChannel(handle.db, a.actor, mine.id, { enabled: false });
    const key = newKey();
    expect(
      await enqueueAlert(handle.db, {
        orgId: a.orgId,
        channelIds: [mine.id, theirs.id],
        idempotencyKey: key,
        message: MESSAGE,
      }),
    ).toEqual({ queued: 0 });
    expect(await outboxRows(handle.db, key)).toEqual([]);
  });

  it("retries a failing receiver with growing, jittered delays, then dead-letters it after the last try", async () => {
    const { actor } = await createTestOrg(handle.db);
    const channel = await webhookChannel(handle.db, actor, "/always-500");
    const key = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [channel.id],
      idempotencyKey: key,
      message: MESSAGE,
    });
    receiver.answers.length = 0;
    const before = requestsTo("/always-500").length;
    receiver.fallback = 500;
    const gaps: number[] = [];
    try {
      let now = later(1000);
      for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        await deliverDueNotifications(handle.db, { now, random: () => 0.5 });
        const [row] = await outboxRows(handle.db, key);
        expect(row!.attempts).toBe(attempt);
        if (attempt < MAX_ATTEMPTS) {
          expect(row!.status).toBe("failed");
          expect(row!.lastError).toBe("The receiver answered 500");
          gaps.push(row!.nextAttemptAt.getTime() - now.getTime());
          // Not due before its time: a run a second earlier sends nothing.
          const early = await deliverDueNotifications(handle.db, {
            now: new Date(row!.nextAttemptAt.getTime() - 1000),
          });
          expect(early.claimed).toBe(0);
          now = row!.nextAttemptAt;
        } else {
          expect(row!.status).toBe("dead");
        }
      }
    } finally {
      receiver.fallback = 200;
    }
    // 1, 2, 4, 8, 16 minutes at the jitter midpoint (75% of each).
    expect(gaps).toEqual([45_000, 90_000, 180_000, 360_000, 720_000]);
    expect(requestsTo("/always-500").length - before).toBe(MAX_ATTEMPTS);
    const after = await deliverDueNotifications(handle.db, { now: later(30 * 24 * 3600_000) });
    expect(requestsTo("/always-500").length - before).toBe(MAX_ATTEMPTS);
    expect(after.sent + after.retrying + after.dead).toBe(after.claimed);
    const log = await handle.db
      .select()
      .from(notificationDeliveries)
      .where(eq(notificationDeliveries.channelId, channel.id))
      .orderBy(asc(notificationDeliveries.attempt));
    expect(log.map((l) => [l.attempt, l.ok, l.statusCode, l.outcome])).toEqual(
      Array.from({ length: MAX_ATTEMPTS }, (_, i) => [i + 1, false, 500, "The receiver answered 500"]),
    );
    expect((await deliveryStatusByKey(handle.db, actor.orgId, [key]))[key]).toMatchObject({
      status: "dead",
      channels: [{ status: "dead", attempts: MAX_ATTEMPTS, lastError: "The receiver answered 500" }],
    });
  });

  it("a 500 followed by a 200 is sent on the second try", async () => {
    const { actor } = await createTestOrg(handle.db);
    const channel = await webhookChannel(handle.db, actor, "/flaky");
    const key = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [channel.id],
      idempotencyKey: key,
      message: MESSAGE,
    });
    receiver.answers.splice(0, receiver.answers.length, 500);
    const first = await deliverDueNotifications(handle.db, { now: later(1000) });
    expect(first).toMatchObject({ claimed: 1, retrying: 1 });
    const second = await deliverDueNotifications(handle.db, { now: later(3600_000) });
    expect(second).toMatchObject({ claimed: 1, sent: 1 });
    const [row] = await outboxRows(handle.db, key);
    expect(row).toMatchObject({ status: "sent", attempts: 2, lastError: null });
    expect(requestsTo("/flaky")).toHaveLength(2);
  });

  it("does not follow a redirect and refuses a URL that became private without sending", async () => {
    const { actor } = await createTestOrg(handle.db);
    const redirecting = await webhookChannel(handle.db, actor, "/redirect");
    const key = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [redirecting.id],
      idempotencyKey: key,
      message: MESSAGE,
    });
    receiver.answers.splice(0, receiver.answers.length, 302);
    await deliverDueNotifications(handle.db, { now: later(1000) });
    const [row] = await outboxRows(handle.db, key);
    expect(row).toMatchObject({
      status: "failed",
      lastError: "The receiver answered with a redirect (302); redirects are not followed",
    });
    expect(requestsTo("/redirect")).toHaveLength(1);
    expect(requestsTo("/elsewhere")).toHaveLength(0);

    // The setting was turned off after the channel was made: the send itself checks again.
    const gone = await webhookChannel(handle.db, actor, "/now-refused");
    const key2 = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [gone.id],
      idempotencyKey: key2,
      message: MESSAGE,
    });
    resetConfig({ ...TEST_ENV, WEBHOOK_ALLOW_PRIVATE: "false", SMTP_URL: smtp.url });
    try {
      await deliverDueNotifications(handle.db, { now: later(1000) });
    } finally {
      resetConfig({ ...TEST_ENV, WEBHOOK_ALLOW_PRIVATE: "true", SMTP_URL: smtp.url, SMTP_FROM: "alerts@test.example" });
    }
    const [refused] = await outboxRows(handle.db, key2);
    expect(refused).toMatchObject({ status: "dead", lastError: "That address is on a private network" });
    expect(requestsTo("/now-refused")).toHaveLength(0);
  });

  it("gives up on a receiver that never answers after the timeout", async () => {
    const { actor } = await createTestOrg(handle.db);
    const channel = await webhookChannel(handle.db, actor, "/silent");
    receiver.silentPaths.add("/silent");
    const key = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [channel.id],
      idempotencyKey: key,
      message: MESSAGE,
    });
    const summary = await deliverDueNotifications(handle.db, { now: later(1000), send: { post: { timeoutMs: 300 } } });
    expect(summary).toMatchObject({ claimed: 1, retrying: 1 });
    const [row] = await outboxRows(handle.db, key);
    expect(row).toMatchObject({ status: "failed", lastError: "No answer within 0.3 s" });
  });

  it("sends email alerts through SMTP", async () => {
    const { actor } = await createTestOrg(handle.db);
    const { channel } = await createChannel(
      handle.db,
      actor,
      createChannelSchema.parse({ type: "email", name: "Finance", email: "cfo@test.example" }),
    );
    const key = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [channel.id],
      idempotencyKey: key,
      message: MESSAGE,
    });
    const before = smtp.mails.length;
    await deliverDueNotifications(handle.db, { now: later(1000) });
    const mails = smtp.mails.slice(before).filter((m) => m.to.includes("cfo@test.example"));
    expect(mails).toHaveLength(1);
    expect(mailSubject(mails[0]!.raw)).toBe(`[CogniTrack] ${MESSAGE.title}`);
    expect(mails[0]!.raw).toContain("OpenAI prod");
    expect((await outboxRows(handle.db, key))[0]).toMatchObject({ status: "sent" });
  });

  it("runNotificationDelivery never throws, even when every receiver is down", async () => {
    const { actor } = await createTestOrg(handle.db);
    const { channel } = await createChannel(
      handle.db,
      actor,
      createChannelSchema.parse({ type: "webhook", name: "Down", url: "http://127.0.0.1:1/down" }),
    );
    const key = newKey();
    await enqueueAlert(handle.db, {
      orgId: actor.orgId,
      channelIds: [channel.id],
      idempotencyKey: key,
      message: MESSAGE,
    });
    const summary = await runNotificationDelivery(handle.db);
    expect(summary.error).toBeUndefined();
    expect(summary.retrying).toBeGreaterThanOrEqual(1);
    expect((await outboxRows(handle.db, key))[0]).toMatchObject({
      status: "failed",
      lastError: "The receiver refused the connection",
    });
  });

  it("a fresh message is due by the app's clock, even when the database's clock runs ahead", async () => {
    const { actor } = await createTestOrg(handle.db);
    const channel = await webhookChannel(handle.db, actor, "/skewed-clock");
    const key = newKey();
    vi.useFakeTimers({ toFake: ["Date"] });
    try {
      vi.setSystemTime(new Date(Date.now() - 3_600_000));
      await enqueueAlert(handle.db, {
        orgId: actor.orgId,
        channelIds: [channel.id],
        idempotencyKey: key,
        message: MESSAGE,
      });
      const summary = await deliverDueNotifications(handle.db);
      expect(summary.sent).toBe(1);
    } finally {
      vi.useRealTimers();
    }
    expect(requestsTo("/skewed-clock")).toHaveLength(1);
    expect((await outboxRows(handle.db, key))[0]).toMatchObject({ status: "sent" });
  });

  it("two deliverers running at once never send the same message twice (SKIP LOCKED)", async () => {
    const { actor } = await createTestOrg(handle.db);
    const channel = await webhookChannel(handle.db, actor, "/concurrent");
    const count = 24;
    const keysHere = Array.from({ length: count }, () => newKey());
    for (const key of keysHere)
      await enqueueAlert(handle.db, {
        orgId: actor.orgId,
        channelIds: [channel.id],
        idempotencyKey: key,
        message: MESSAGE,
      });
    receiver.delayMs = 40;
    let summaries;
    try {
      const now = later(1000);
      summaries = await Promise.all([
        deliverDueNotifications(handle.db, { now, limit: 8 }),
        deliverDueNotifications(handle.db, { now, limit: 8 }),
        deliverDueNotifications(handle.db, { now, limit: 8 }),
      ]);
      // Whatever the first three left (on PGlite they run one after another) goes in one more run.
      await deliverDueNotifications(handle.db, { now, limit: 100 });
    } finally {
      receiver.delayMs = 0;
    }
    expect(summaries.reduce((n, s) => n + s.claimed, 0)).toBeGreaterThan(0);
    const got = requestsTo("/concurrent").map((r) => JSON.parse(r.body).id as string);
    expect(got).toHaveLength(count);
    expect(new Set(got).size).toBe(count);
    const rows = await handle.db
      .select()
      .from(notificationOutbox)
      .where(and(eq(notificationOutbox.channelId, channel.id), eq(notificationOutbox.status, "sent")));
    expect(rows).toHaveLength(count);
    expect(rows.filter((r) => r.attempts !== 1)).toEqual([]);
  });
});
