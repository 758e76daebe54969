import { afterAll, beforeAll, describe, expect, it } from "vitest";
import * as schema from "@/db/schema";
import type { DbHandle } from "@/db/types";
import { billedSpendByDay } from "@/lib/money/billed";
import { createTestDb, createTestOrg } from "../test-db";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => {
  await handle?.close();
});

const NOW = Date.parse("2026-10-05T15:00:00Z");

async function account(orgId: string, provider: "openai" | "anthropic") {
  const [row] = await handle.db
    .insert(schema.providerAccounts)
    .values({ orgId, provider, label: `${provider} account` })
    .returning();
  return row!.id;
}

type Row = {
  day: string;
  amountUsd: string;
  projectId?: string | null;
  lineItem?: string;
  currency?: string;
};

async function seed(orgId: string, accountId: string, provider: "openai" | "anthropic", rows: Row[]) {
  await handle.db.insert(schema.costEvents).values(
    rows.map((r) => ({
      orgId,
      accountId,
      provider,
      source: provider === "openai" ? "costs" : "cost_report",
      day: r.day,
      amountUsd: r.amountUsd,
      currency: r.currency ?? "USD",
      projectId: r.projectId ?? null,
      lineItem: r.lineItem ?? null,
    })),
  );
}

describe("billedSpendByDay", () => {
  it("sums line items per day, provider and project exactly, and marks only today provisional", async () => {
    const { orgId } = await createTestOrg(handle.db, "owner", "billed");
    const openai = await account(orgId, "openai");
    const anthropic = await account(orgId, "anthropic");
    await seed(orgId, openai, "openai", [
      { day: "2026-10-04", projectId: "proj_a", lineItem: "gpt-4o, input", amountUsd: "0.12000000000000001" },
      { day: "2026-10-04", projectId: "proj_a", lineItem: "gpt-4o, output", amountUsd: "0.1" },
      { day: "2026-10-04", projectId: "proj_a", lineItem: "gpt-4o, cached", amountUsd: "0.2" },
      { day: "2026-10-04", projectId: "proj_b", lineItem: "gpt-4o, input", amountUsd: "12.50" },
      { day: "2026-10-05", projectId: "proj_a", lineItem: "gpt-4o, input", amountUsd: "3" },
      // Outside the window and another currency: never counted.
      { day: "2026-10-06", projectId: "proj_a", lineItem: "gpt-4o, input", amountUsd: "1000" },
      { day: "2026-10-04", projectId: "proj_a", lineItem: "gpt-4o, eur", amountUsd: "7", currency: "EUR" },
    ]);
    await seed(orgId, anthropic, "anthropic", [
      { day: "2026-10-04", projectId: null, lineItem: "Sonnet input", amountUsd: "1.234567" },
      { day: "2026-10-04", projectId: null, lineItem: "Sonnet output", amountUsd: "0.000033" },
    ]);

    const rows = await billedSpendByDay(handle.db, orgId, { start: "2026-10-01", end: "2026-10-05" }, { now: NOW });
    expect(rows).toEqual([
      { day: "2026-10-04", provider: "anthropic", projectId: null, amountUsd: "1.2346", provisional: false },
      {
        day: "2026-10-04",
        provider: "openai",
        projectId: "proj_a",
        // A float sum would print 0.42000000000000004 or lose the trailing ...01.
        amountUsd: "0.42000000000000001",
        provisional: false,
      },
      { day: "2026-10-04", provider: "openai", projectId: "proj_b", amountUsd: "12.5", provisional: false },
      { day: "2026-10-05", provider: "openai", projectId: "proj_a", amountUsd: "3", provisional: true },
    ]);
  });

  it("filters by provider and project (null = rows without a project) and never reads another organization", async () => {
    const mine = await createTestOrg(handle.db, "owner", "billed-mine");
    const theirs = await createTestOrg(handle.db, "owner", "billed-theirs");
    const a = await account(mine.orgId, "openai");
    const b = await account(mine.orgId, "anthropic");
    const c = await account(theirs.orgId, "openai");
    await seed(mine.orgId, a, "openai", [
      { day: "2026-09-30", projectId: "proj_x", amountUsd: "2" },
      { day: "2026-09-30", projectId: null, amountUsd: "5" },
    ]);
    await seed(mine.orgId, b, "anthropic", [{ day: "2026-09-30", projectId: "proj_x", amountUsd: "9" }]);
    await seed(theirs.orgId, c, "openai", [{ day: "2026-09-30", projectId: "proj_x", amountUsd: "100" }]);

    const range = { start: "2026-09-30", end: "2026-09-30" };
    expect(
      await billedSpendByDay(
        handle.db,
        mine.orgId,
        { ...range, provider: "openai", projectId: "proj_x" },
        { now: NOW },
      ),
    ).toEqual([{ day: "2026-09-30", provider: "openai", projectId: "proj_x", amountUsd: "2", provisional: false }]);
    expect(await billedSpendByDay(handle.db, mine.orgId, { ...range, projectId: null }, { now: NOW })).toEqual([
      { day: "2026-09-30", provider: "openai", projectId: null, amountUsd: "5", provisional: false },
    ]);
    const all = await billedSpendByDay(handle.db, mine.orgId, range, { now: NOW });
    expect(all.map((r) => r.amountUsd).sort()).toEqual(["2", "5", "9"]);
  });

  it("refuses a reversed or malformed range with a 400 in plain words", async () => {
    const { orgId } = await createTestOrg(handle.db, "owner", "billed-bad");
    await expect(billedSpendByDay(handle.db, orgId, { start: "2026-10-05", end: "2026-10-01" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("after end"),
    });
    await expect(billedSpendByDay(handle.db, orgId, { start: "2026-13-01", end: "2026-10-01" })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
      message: expect.stringContaining("start must be a real date"),
    });
  });
});
