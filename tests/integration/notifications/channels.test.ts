import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog, notificationChannels } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { resetConfig } from "@/lib/env";
import { isAppError } from "@/lib/errors";
import { assertOrgChannels } from "@/lib/notifications/channels/assert-org-channels";
import { createChannel } from "@/lib/notifications/channels/create";
import { deleteChannel } from "@/lib/notifications/channels/delete";
import { listChannels } from "@/lib/notifications/channels/list";
import { createChannelSchema, updateChannelSchema } from "@/lib/notifications/channels/schemas";
import { testChannel } from "@/lib/notifications/channels/test";
import { updateChannel } from "@/lib/notifications/channels/update";
import { channelSecret } from "@/lib/notifications/send";
import { TEST_ENV } from "../setup-env";
import { addTestMember, createTestDb, createTestOrg } from "../test-db";
import { mailSubject, startSmtpSink, startWebhookReceiver, type WebhookReceiver } from "./receivers";
import { loadDocumentedVerifier } from "./snippet";

let handle: DbHandle;
let receiver: WebhookReceiver;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  [handle, receiver, smtp] = await Promise.all([createTestDb(), startWebhookReceiver(), startSmtpSink()]);
  resetConfig({ ...TEST_ENV, WEBHOOK_ALLOW_PRIVATE: "true", SMTP_URL: smtp.url, SMTP_FROM: "alerts@test.example" });
});
afterAll(async () => {
  resetConfig(TEST_ENV);
  await Promise.all([handle?.close(), receiver?.close(), smtp?.close()]);
});

async function errorOf(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return isAppError(err) ? { code: err.code, message: err.message } : err;
}

const webhook = (url: string, name = "Ops webhook") => createChannelSchema.parse({ type: "webhook", name, url });

describe(`notification channels on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("shows the signing secret once, stores it sealed, and records who added the channel", async () => {
    const { actor } = await createTestOrg(handle.db, "admin");
    const { channel } = await createChannel(handle.db, actor, webhook(receiver.url()));
    expect(channel.signingSecret).toMatch(/^whsec_/);
    const [row] = await handle.db.select().from(notificationChannels).where(eq(notificationChannels.id, channel.id));
    expect(row!.secretCiphertext).not.toContain(channel.signingSecret!.slice(6));
    expect(channelSecret(row!)).toBe(channel.signingSecret);
    const listed = await listChannels(handle.db, actor);
    expect(listed.map((c) => c.id)).toEqual([channel.id]);
    expect(JSON.stringify(listed)).not.toContain(channel.signingSecret!);
    expect(listed[0]).toMatchObject({ type: "webhook", hasSigningSecret: true, enabled: true });
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.orgId, actor.orgId));
    expect(audit.map((a) => [a.action, a.targetId])).toEqual([["channel.create", channel.id]]);
    expect(JSON.stringify(audit)).not.toContain(channel.signingSecret!);
  });

  it("masks a Slack URL and gives email and Slack channels no signing secret", async () => {
    const { actor } = await createTestOrg(handle.db);
    const slack = await createChannel(
      handle.db,
      actor,
      createChannelSchema.parse({
        type: "slack",
        name: "Slack",
        url: "https://hooks.slack.com/services/T0/B0/abcdSECRETwxyz",
      }),
    );
    const mail = await createChannel(
      handle.db,
      actor,
      createChannelSchema.parse({ type: "email", name: "Finance", email: "finance@test.example" }),
    );
    expect(slack.channel).toMatchObject({ signingSecret: null, url: "https://hooks.slack.com/…wxyz" });
    expect(mail.channel).toMatchObject({ signingSecret: null, email: "finance@test.example", url: null });
    expect(JSON.stringify(await listChannels(handle.db, actor))).not.toContain("SECRET");
  });

  it("refuses private addresses and other schemes in plain words, and lets viewers only read", async () => {
    const { org, actor } = await createTestOrg(handle.db);
    expect(await errorOf(createChannel(handle.db, actor, webhook("http://10.0.0.8/hook")))).toEqual({
      code: "VALIDATION_FAILED",
      message: "That address is on a private network",
    });
    expect(await errorOf(createChannel(handle.db, actor, webhook("http://[::ffff:a9fe:a9fe]/x")))).toMatchObject({
      message: "That address is on a private network",
    });
    expect(await errorOf(createChannel(handle.db, actor, webhook("ftp://example.com/x")))).toMatchObject({
      message: "Webhook URLs must use https",
    });
    const { actor: viewer } = await addTestMember(handle.db, org, "viewer");
    expect(await errorOf(createChannel(handle.db, viewer, webhook(receiver.url())))).toMatchObject({
      code: "FORBIDDEN",
    });
    expect(await listChannels(handle.db, viewer)).toEqual([]);
  });

  it("in production accepts only https, loopback aside when WEBHOOK_ALLOW_PRIVATE is set", async () => {
    const { actor } = await createTestOrg(handle.db);
    const prod = {
      ...TEST_ENV,
      NODE_ENV: "production",
      AUTH_MODE: "local",
      CRON_SECRET: "x".repeat(40),
      METRICS_TOKEN: "m".repeat(40),
      DATABASE_URL: "postgres://cognitrack@127.0.0.1:5432/cognitrack",
    };
    try {
      resetConfig({ ...prod, WEBHOOK_ALLOW_PRIVATE: "false" });
      expect(await errorOf(createChannel(handle.db, actor, webhook("http://hooks.example.com/x")))).toMatchObject({
        message: "Webhook URLs must use https",
      });
      expect(await errorOf(createChannel(handle.db, actor, webhook(receiver.url())))).toMatchObject({
        message: "Webhook URLs must use https",
      });
      resetConfig({ ...prod, WEBHOOK_ALLOW_PRIVATE: "true" });
      await expect(createChannel(handle.db, actor, webhook(receiver.url()))).resolves.toBeTruthy();
    } finally {
      resetConfig({ ...TEST_ENV, WEBHOOK_ALLOW_PRIVATE: "true", SMTP_URL: smtp.url, SMTP_FROM: "alerts@test.example" });
    }
  });

  it("another organization's channel is a 404 for edit, delete and test", async () => {
    const a = await createTestOrg(handle.db);
    const b = await createTestOrg(handle.db);
    const { channel } = await createChannel(handle.db, a.actor, webhook(receiver.url()));
    const patch = updateChannelSchema.parse({ name: "Hijacked" });
    expect(await errorOf(updateChannel(handle.db, b.actor, channel.id, patch))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(deleteChannel(handle.db, b.actor, channel.id))).toMatchObject({ code: "NOT_FOUND" });
    expect(await errorOf(testChannel(handle.db, b.actor, channel.id))).toMatchObject({ code: "NOT_FOUND" });
    expect((await listChannels(handle.db, a.actor))[0]!.name).toBe("Ops webhook");
  });

  it("assertOrgChannels accepts only the organization's own channel ids", async () => {
    const a = await createTestOrg(handle.db);
    const b = await createTestOrg(handle.db);
    const mine = (await createChannel(handle.db, a.actor, webhook(receiver.url()))).channel;
    const theirs = (await createChannel(handle.db, b.actor, webhook(receiver.url()))).channel;
    expect(await assertOrgChannels(handle.db, a.orgId, [mine.id, mine.id])).toEqual([mine.id]);
    expect(await errorOf(assertOrgChannels(handle.db, a.orgId, [mine.id, theirs.id]))).toEqual({
      code: "VALIDATION_FAILED",
      message: `channelIds: no channel ${theirs.id} in this organization.`,
    });
  });

  it("edits a channel: rename, pause, a new URL checked like a new one, and no email on a webhook", async () => {
    const { actor } = await createTestOrg(handle.db);
    const { channel } = await createChannel(handle.db, actor, webhook(receiver.url()));
    const paused = await updateChannel(
      handle.db,
      actor,
      channel.id,
      updateChannelSchema.parse({ name: "Paused", enabled: false }),
    );
    expect(paused.channel).toMatchObject({ name: "Paused", enabled: false });
    expect(
      await errorOf(
        updateChannel(handle.db, actor, channel.id, updateChannelSchema.parse({ url: "http://192.168.1.1/" })),
      ),
    ).toMatchObject({ message: "That address is on a private network" });
    expect(
      await errorOf(
        updateChannel(handle.db, actor, channel.id, updateChannelSchema.parse({ email: "a@test.example" })),
      ),
    ).toMatchObject({ code: "VALIDATION_FAILED" });
    await deleteChannel(handle.db, actor, channel.id);
    expect(await listChannels(handle.db, actor)).toEqual([]);
  });

  it("Send test signs the request so that the documented Node snippet verifies it, and logs the attempt", async () => {
    const verify = await loadDocumentedVerifier();
    const { actor } = await createTestOrg(handle.db);
    const { channel } = await createChannel(handle.db, actor, webhook(receiver.url("/signed")));
    const before = receiver.received.length;
    const result = await testChannel(handle.db, actor, channel.id);
    expect(result).toMatchObject({ ok: true, statusCode: 200, message: "Delivered: the receiver answered 200." });
    const got = receiver.received.slice(before);
    expect(got).toHaveLength(1);
    const request = got[0]!;
    expect(request.path).toBe("/signed");
    expect(request.headers["x-cognitrack-signature"]).toMatch(/^sha256=[0-9a-f]{64}$/);
    expect(verify(channel.signingSecret!, request.headers, request.body)).toBe(true);
    expect(verify(channel.signingSecret!, request.headers, request.body.replace("test", "TEST"))).toBe(false);
    expect(verify("whsec_wrong", request.headers, request.body)).toBe(false);
    expect(JSON.parse(request.body)).toMatchObject({ kind: "test", title: 'Test message for "Ops webhook"' });
    const [listed] = await listChannels(handle.db, actor);
    expect(listed!.recentDeliveries).toMatchObject([{ source: "test", ok: true, statusCode: 200, attempt: 1 }]);
  });

  it("Send test reports a failing receiver in plain words instead of throwing", async () => {
    const { actor } = await createTestOrg(handle.db);
    const { channel } = await createChannel(handle.db, actor, webhook(receiver.url()));
    receiver.answers.push(503);
    expect(await testChannel(handle.db, actor, channel.id)).toMatchObject({
      ok: false,
      statusCode: 503,
      message: "The receiver answered 503.",
    });
    const closed = await createChannel(handle.db, actor, webhook("http://127.0.0.1:1/nothing-listens"));
    expect(await testChannel(handle.db, actor, closed.channel.id)).toMatchObject({
      ok: false,
      statusCode: null,
      message: "The receiver refused the connection.",
    });
  });

  it("Send test on an email channel reaches the SMTP server", async () => {
    const { actor } = await createTestOrg(handle.db);
    const { channel } = await createChannel(
      handle.db,
      actor,
      createChannelSchema.parse({ type: "email", name: "Finance mail", email: "finance@test.example" }),
    );
    const before = smtp.mails.length;
    expect(await testChannel(handle.db, actor, channel.id)).toMatchObject({ ok: true, statusCode: 250 });
    const mails = smtp.mails.slice(before);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual(["finance@test.example"]);
    expect(mails[0]!.from).toBe("alerts@test.example");
    expect(mailSubject(mails[0]!.raw)).toBe('[CogniTrack] Test message for "Finance mail"');
    expect(mails[0]!.raw).toContain("This is a test from CogniTrack.");
  });
});
