import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLog } from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { createBudget } from "@/lib/budgets/create";
import { deleteBudget } from "@/lib/budgets/delete";
import { getBudget, listBudgets } from "@/lib/budgets/list";
import { createBudgetSchema, updateBudgetSchema } from "@/lib/budgets/schemas";
import { updateBudget } from "@/lib/budgets/update";
import { isAppError } from "@/lib/errors";
import { createChannel } from "@/lib/notifications/channels/create";
import { addTestMember, createTestDb, createTestOrg } from "../test-db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

async function codeOf(p: Promise<unknown>) {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  return isAppError(err) ? err.code : err;
}

const input = (name = "OpenAI prod") =>
  createBudgetSchema.parse({ name, scope: { provider: "openai", projectId: "proj_1" }, amountUsd: "500.50" });

describe(`budgets on ${process.env.TEST_DATABASE_URL ? "PostgreSQL" : "PGlite"}`, () => {
  it("admins create, edit and delete; each step is in the audit log", async () => {
    const { org, actor: owner } = await createTestOrg(handle.db);
    const { actor: admin } = await addTestMember(handle.db, org, "admin");
    const created = await createBudget(handle.db, admin, input(), { requestId: "req-1" });
    expect(created).toMatchObject({
      name: "OpenAI prod",
      scope: { provider: "openai", projectId: "proj_1", apiKeyId: null },
      amountUsd: "500.5",
      thresholds: [
        { percent: 50, basis: "actual" },
        { percent: 80, basis: "actual" },
        { percent: 100, basis: "actual" },
      ],
      channelIds: [],
    });
    const edited = await updateBudget(
      handle.db,
      owner,
      created.id,
      updateBudgetSchema.parse({ amountUsd: 750, thresholds: [{ percent: 90, basis: "forecast" }] }),
    );
    expect(edited).toMatchObject({
      amountUsd: "750",
      thresholds: [{ percent: 90, basis: "forecast" }],
      name: "OpenAI prod",
    });
    const fetched = await getBudget(handle.db, owner, created.id);
    expect(fetched.progress).toMatchObject({ actualUsd: "0", forecastUsd: "0", onTrack: true, overByUsd: "0" });
    await deleteBudget(handle.db, admin, created.id);
    expect(await listBudgets(handle.db, owner)).toEqual([]);
    const audit = await handle.db.select().from(auditLog).where(eq(auditLog.orgId, org.id));
    expect(audit.map((a) => a.action).sort()).toEqual(["budget.create", "budget.delete", "budget.update"]);
    expect(audit.find((a) => a.action === "budget.create")).toMatchObject({
      actorUserId: admin.userId,
      targetId: created.id,
      requestId: "req-1",
    });
  });

  it("viewers read budgets but get a 403 on every write", async () => {
    const { org, actor: owner } = await createTestOrg(handle.db);
    const { actor: viewer } = await addTestMember(handle.db, org, "viewer");
    const b = await createBudget(handle.db, owner, input());
    expect((await listBudgets(handle.db, viewer)).map((x) => x.id)).toEqual([b.id]);
    expect(await codeOf(createBudget(handle.db, viewer, input()))).toBe("FORBIDDEN");
    expect(await codeOf(updateBudget(handle.db, viewer, b.id, updateBudgetSchema.parse({ name: "x" })))).toBe(
      "FORBIDDEN",
    );
    expect(await codeOf(deleteBudget(handle.db, viewer, b.id))).toBe("FORBIDDEN");
    expect((await getBudget(handle.db, owner, b.id)).name).toBe("OpenAI prod");
  });

  it("another organization's budget is a 404 for read, edit and delete", async () => {
    const mine = await createTestOrg(handle.db);
    const other = await createTestOrg(handle.db);
    const theirs = await createBudget(handle.db, other.actor, input("Theirs"));
    expect(await codeOf(getBudget(handle.db, mine.actor, theirs.id))).toBe("NOT_FOUND");
    expect(
      await codeOf(updateBudget(handle.db, mine.actor, theirs.id, updateBudgetSchema.parse({ name: "Mine now" }))),
    ).toBe("NOT_FOUND");
    expect(await codeOf(deleteBudget(handle.db, mine.actor, theirs.id))).toBe("NOT_FOUND");
    expect(await listBudgets(handle.db, mine.actor)).toEqual([]);
    expect((await getBudget(handle.db, other.actor, theirs.id)).name).toBe("Theirs");
  });

  it("a budget may only name its own organization's channels", async () => {
    const mine = await createTestOrg(handle.db);
    const other = await createTestOrg(handle.db);
    const email = { type: "email" as const, name: "Mail", email: "a@example.com" };
    const { channel: theirs } = await createChannel(handle.db, other.actor, email);
    const { channel: ours } = await createChannel(handle.db, mine.actor, email);
    const withChannels = (ids: string[]) =>
      createBudgetSchema.parse({ name: "Alerted", amountUsd: "10", channelIds: ids });
    expect(await codeOf(createBudget(handle.db, mine.actor, withChannels([theirs.id])))).toBe("VALIDATION_FAILED");
    const b = await createBudget(handle.db, mine.actor, withChannels([ours.id]));
    expect(b.channelIds).toEqual([ours.id]);
    expect(
      await codeOf(updateBudget(handle.db, mine.actor, b.id, updateBudgetSchema.parse({ channelIds: [theirs.id] }))),
    ).toBe("VALIDATION_FAILED");
  });
});
