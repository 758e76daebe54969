import { and, eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { apiTokens, auditLog, rateLimits } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { hashSecret } from "@/lib/crypto/secret-token";
import { isAppError } from "@/lib/errors";
import { configureLogger } from "@/lib/logger";
import { assertCan } from "@/lib/orgs/roles";
import { resolveTokenActor } from "@/lib/orgs/token-actor";
import { createApiToken } from "@/lib/orgs/tokens/create";
import { listApiTokens } from "@/lib/orgs/tokens/list";
import { revokeApiToken } from "@/lib/orgs/tokens/revoke";
import { createTokenSchema } from "@/lib/orgs/tokens/schemas";
import { rateLimitBucket } from "@/lib/rate-limit/request-limiter";
import { requestPolicy } from "@/lib/rate-limit/request-policies";
import { addTestMember, createTestDb, createTestOrg } from "../test-db";
import { dumpAllTables } from "./dump";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const input = (over: Record<string, unknown> = {}) =>
  createTokenSchema.parse({ name: "CI export", scopes: ["usage:read"], ...over });

async function failure(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

describe(`API tokens on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("shows the secret once, stores only its SHA-256 and last 4 characters, and acts for its organization", async () => {
    const { actor, org } = await createTestOrg(handle.db, "admin");
    const { token, secret } = await createApiToken(handle.db, actor, input());
    expect(secret).toMatch(/^ct_[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(secret.slice(3), "base64url")).toHaveLength(32);
    expect(token).toMatchObject({
      name: "CI export",
      scopes: ["usage:read"],
      last4: secret.slice(-4),
      lastUsedAt: null,
    });

    const [row] = await handle.db.select().from(apiTokens).where(eq(apiTokens.id, token.id));
    expect(row!.tokenHash).toBe(hashSecret(secret));
    expect(row!.createdByUserId).toBe(actor.userId);

    const tokenActor = await resolveTokenActor(handle.db, secret, "usage:read");
    expect(tokenActor).toMatchObject({ orgId: org.id, via: "token", tokenId: token.id, userId: null, role: "viewer" });
    // Worth its scopes and no more: a read token cannot write keys or ingest.
    expect(() => assertCan(tokenActor, "keys:write")).toThrow(/admin role/);
    expect(() => assertCan(tokenActor, "ingest:write")).toThrow(/admin role/);

    const listed = await listApiTokens(handle.db, actor);
    expect(listed.map((t) => t.id)).toEqual([token.id]);
    expect(JSON.stringify(listed)).not.toContain(secret);
    expect(JSON.stringify(listed)).not.toContain(row!.tokenHash);
  });

  it("never writes the secret to the database or the log, through create, use and revoke", async () => {
    const lines: string[] = [];
    configureLogger({ level: "debug", sink: (l) => lines.push(l) });
    try {
      const { actor } = await createTestOrg(handle.db, "owner");
      const { token, secret } = await createApiToken(
        handle.db,
        actor,
        input({ scopes: ["usage:read", "ingest:write"] }),
      );
      await resolveTokenActor(handle.db, secret, "ingest:write");
      await revokeApiToken(handle.db, actor, token.id);
      await failure(resolveTokenActor(handle.db, secret, "usage:read"));
      const dump = await dumpAllTables(handle.db);
      expect(dump).toContain(hashSecret(secret)); // the dump really covers api_tokens
      expect(dump).not.toContain(secret);
      expect(dump).not.toContain(secret.slice(3));
      expect(lines.join("\n")).not.toContain(secret.slice(3));
    } finally {
      configureLogger({ level: "warn", sink: (l) => process.stderr.write(l + "\n") });
    }
  });

  it("refuses a token without the route's scope with a 403 naming the scope", async () => {
    const { actor } = await createTestOrg(handle.db, "admin");
    const { secret } = await createApiToken(handle.db, actor, input({ scopes: ["usage:read"] }));
    const err = await failure(resolveTokenActor(handle.db, secret, "ingest:write"));
    expect(err.code).toBe("FORBIDDEN");
    expect(err.message).toBe("This API token does not have the ingest:write scope.");
    const writer = await createApiToken(handle.db, actor, input({ scopes: ["ingest:write"] }));
    expect((await failure(resolveTokenActor(handle.db, writer.secret, "usage:read"))).code).toBe("FORBIDDEN");
    expect((await resolveTokenActor(handle.db, writer.secret, "ingest:write")).role).toBe("admin");
  });

  it("answers unknown, malformed, revoked and expired tokens with the same 401", async () => {
    const { actor } = await createTestOrg(handle.db, "admin");
    const revoked = await createApiToken(handle.db, actor, input({ name: "old" }));
    await revokeApiToken(handle.db, actor, revoked.token.id);
    const expiring = await createApiToken(handle.db, actor, input({ name: "short" }));
    await handle.db
      .update(apiTokens)
      .set({ expiresAt: sql`now() - interval '1 second'` })
      .where(eq(apiTokens.id, expiring.token.id));
    const unknown = `ct_${"x".repeat(43)}`;
    const errors = await Promise.all(
      [revoked.secret, expiring.secret, unknown, "ct_short", `${revoked.secret}x`].map((t) =>
        failure(resolveTokenActor(handle.db, t, "usage:read")),
      ),
    );
    expect(errors).toHaveLength(5);
    for (const e of errors) {
      expect(e.code).toBe("UNAUTHENTICATED");
      expect(e.message).toBe(errors[0]!.message);
    }
    // Revoked tokens leave the list; the expired one stays, marked, until revoked.
    const listed = await listApiTokens(handle.db, actor);
    expect(listed.map((t) => [t.name, t.expired])).toEqual([["short", true]]);
  });

  it("takes an expiry date as the end of that day (UTC) and refuses one in the past", () => {
    const future = new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10);
    expect(input({ expiresAt: future }).expiresAt!.toISOString()).toBe(`${future}T23:59:59.999Z`);
    const past = createTokenSchema.safeParse({ name: "x", scopes: ["usage:read"], expiresAt: "2020-01-01" });
    expect(past.success).toBe(false);
    expect(past.error!.issues[0]!.message).toBe("expiresAt must be in the future");
    const none = createTokenSchema.safeParse({ name: " ", scopes: [] });
    expect(none.error!.issues.map((i) => i.message)).toEqual([
      "name is required: give the token a name",
      "scopes must name at least one scope",
    ]);
  });

  it("stamps last-used at most once a minute", async () => {
    const { actor } = await createTestOrg(handle.db, "admin");
    const { token, secret } = await createApiToken(handle.db, actor, input());
    const lastUsed = async () =>
      (await handle.db.select().from(apiTokens).where(eq(apiTokens.id, token.id)))[0]!.lastUsedAt;
    expect(await lastUsed()).toBeNull();
    await resolveTokenActor(handle.db, secret, "usage:read");
    const first = await lastUsed();
    expect(first).toBeInstanceOf(Date);
    await resolveTokenActor(handle.db, secret, "usage:read");
    expect((await lastUsed())!.toISOString()).toBe(first!.toISOString());
    // Two minutes later (moved back in the row rather than waiting), the next use stamps again.
    await handle.db
      .update(apiTokens)
      .set({ lastUsedAt: sql`now() - interval '2 minutes'` })
      .where(eq(apiTokens.id, token.id));
    const moved = await lastUsed();
    await resolveTokenActor(handle.db, secret, "usage:read");
    expect((await lastUsed())!.getTime()).toBeGreaterThan(moved!.getTime());
    expect((await listApiTokens(handle.db, actor))[0]!.lastUsedAt).not.toBeNull();
  });

  it("rate limits per token (keyed by the token's id), with a retry-after, leaving other tokens alone", async () => {
    const { actor } = await createTestOrg(handle.db, "admin");
    const busy = await createApiToken(handle.db, actor, input({ name: "busy" }));
    const calm = await createApiToken(handle.db, actor, input({ name: "calm" }));
    await resolveTokenActor(handle.db, busy.secret, "usage:read");
    const policy = requestPolicy("apiTokenPerToken");
    const bucket = rateLimitBucket(policy, busy.token.id);
    // Fill this window to the limit instead of sending 600 requests.
    const filled = await handle.db
      .update(rateLimits)
      .set({ hits: policy.attempts })
      .where(eq(rateLimits.bucket, bucket))
      .returning();
    expect(filled).toHaveLength(1);
    const err = await failure(resolveTokenActor(handle.db, busy.secret, "usage:read"));
    expect(err.code).toBe("RATE_LIMITED");
    expect(err.message).toMatch(/^Too many requests with this API token\. Try again in (\d+ seconds?|1 minute)\.$/);
    expect((err.details as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(0);
    expect((await resolveTokenActor(handle.db, calm.secret, "usage:read")).tokenId).toBe(calm.token.id);
  });

  it("is admin-only, scoped to the organization, and audited without the secret", async () => {
    const { actor, org } = await createTestOrg(handle.db, "owner");
    const { actor: viewer } = await addTestMember(handle.db, org, "viewer");
    expect((await failure(createApiToken(handle.db, viewer, input()))).message).toBe(
      "This needs the admin role; you are a viewer.",
    );
    expect((await failure(listApiTokens(handle.db, viewer))).code).toBe("FORBIDDEN");
    const { token, secret } = await createApiToken(handle.db, actor, input());
    expect((await failure(revokeApiToken(handle.db, viewer, token.id))).code).toBe("FORBIDDEN");

    const { actor: stranger } = await createTestOrg(handle.db, "owner");
    expect((await failure(revokeApiToken(handle.db, stranger, token.id))).code).toBe("NOT_FOUND");
    expect(await listApiTokens(handle.db, stranger)).toEqual([]);
    expect((await resolveTokenActor(handle.db, secret, "usage:read")).orgId).toBe(org.id);

    await revokeApiToken(handle.db, actor, token.id);
    expect((await failure(revokeApiToken(handle.db, actor, token.id))).code).toBe("NOT_FOUND");
    const audit = await handle.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.orgId, org.id), eq(auditLog.targetId, token.id)))
      .orderBy(auditLog.id);
    expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
      ["token.create", actor.userId],
      ["token.revoke", actor.userId],
    ]);
    expect(audit[0]!.details).toMatchObject({ name: "CI export", scopes: ["usage:read"], last4: token.last4 });
    expect(JSON.stringify(audit)).not.toContain(secret.slice(3));
  });
});
