/**
 * Price overrides: creating, changing, deleting and resetting one re-prices exactly the usage it
 * can touch (that model, from its first day) and refreshes those rollup days; the rest of the
 * history keeps its cost. Every change is in the audit log; other organizations and viewers are refused.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { rowsOf, type DbHandle } from "@/db/types";
import { getUsageTotals } from "@/lib/analytics";
import { isAppError } from "@/lib/errors";
import { createPriceOverride } from "@/lib/pricing/overrides/create";
import { deletePriceOverride } from "@/lib/pricing/overrides/delete";
import { listPriceOverrides } from "@/lib/pricing/overrides/list";
import { listPrices } from "@/lib/pricing/overrides/list-prices";
import { resetModelPrices } from "@/lib/pricing/overrides/reset";
import { updatePriceOverride } from "@/lib/pricing/overrides/update";
import { listUnpricedModels } from "@/lib/pricing/unpriced";
import type { NormalizedUsageRecord } from "@/lib/providers/types";
import { refreshUsageRollup } from "@/lib/rollup";
import { addTestMember, createTestDb } from "../test-db";
import { createOrgWithKey, store } from "../analytics/fixture";

let handle: DbHandle;
beforeAll(async () => {
  handle = await createTestDb();
});
afterAll(async () => handle?.close());

const FIRST = "2025-09-01";
const DAYS = 10;
const MODELS = ["gpt-4o-2024-08-06", "gpt-4o-mini-2024-07-18", "ft:gpt-4o-mini:acme::zz9"];

function records(): NormalizedUsageRecord[] {
  const out: NormalizedUsageRecord[] = [];
  for (let d = 0; d < DAYS; d++) {
    const start = new Date(Date.parse(`${FIRST}T00:00:00Z`) + d * 86_400_000);
    for (const [i, model] of MODELS.entries()) {
      out.push({
        provider: "openai",
        source: "completions",
        model,
        windowStart: start,
        windowEnd: new Date(start.getTime() + 86_400_000),
        inputTokens: 1_000_000 + d * 1000 + i,
        cachedInputTokens: 100_000,
        outputTokens: 200_000 + d,
        requests: 50,
        projectId: "proj_a",
        apiKeyId: null,
        providerUserId: null,
        serviceTier: null,
        batch: false,
      });
    }
  }
  return out;
}

/** cost_usd per "model|day". */
async function costs(orgId: string): Promise<Map<string, string | null>> {
  const rows = rowsOf<{ model: string; day: string; cost: string | null }>(
    await handle.db.execute(sql`select model, to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day,
      cost_usd::text as cost from usage_events where org_id = ${orgId}::uuid`),
  );
  return new Map(rows.map((r) => [`${r.model}|${r.day}`, r.cost]));
}

const changedKeys = (a: Map<string, string | null>, b: Map<string, string | null>) =>
  [...a.keys()].filter((k) => a.get(k) !== b.get(k)).sort();

async function setup(label: string) {
  const ctx = await createOrgWithKey(handle.db, label);
  await store(handle.db, ctx, records());
  await refreshUsageRollup(handle.db, {
    orgId: ctx.orgId,
    accountId: ctx.accountId,
    start: new Date(`${FIRST}T00:00:00Z`),
    end: new Date(Date.parse(`${FIRST}T00:00:00Z`) + DAYS * 86_400_000),
  });
  return ctx;
}

const range = { start: FIRST, end: "2025-09-10" };
async function expectRollupEqualsRaw(orgId: string) {
  const [rollup, raw] = [
    await getUsageTotals(handle.db, orgId, range, { path: "rollup" }),
    await getUsageTotals(handle.db, orgId, range, { path: "raw" }),
  ];
  expect(rollup).toEqual(raw);
  return rollup.current.costUsd;
}

describe("price overrides", () => {
  it("re-price only the affected model's days, and reset restores the library's price", async () => {
    const { orgId, actor } = await setup("override crud");
    const original = await costs(orgId);
    expect(original.size).toBe(DAYS * MODELS.length);
    const totalBefore = await expectRollupEqualsRaw(orgId);

    const created = await createPriceOverride(handle.db, actor, {
      provider: "openai",
      model: "gpt-4o",
      effectiveFrom: "2025-09-06",
      inputPerMTok: "1",
      outputPerMTok: "2",
      note: "negotiated",
    });
    const afterCreate = await costs(orgId);
    const touched = changedKeys(original, afterCreate);
    expect(touched).toEqual(
      ["06", "07", "08", "09", "10"].map((d) => `gpt-4o-2024-08-06|2025-09-${d}`), // not gpt-4o-mini, not before the 6th
    );
    expect(created.recomputed.changed).toBe(5);
    expect(created.recomputed.days).toEqual([
      { accountId: expect.any(String), first: "2025-09-06", last: "2025-09-10" },
    ]);
    // On the 10th (d = 9): 1,009,000 input (cached billed as input: no cached price given) x $1 + 200,009 output x $2.
    expect(afterCreate.get("gpt-4o-2024-08-06|2025-09-10")).toBe("1.409018");
    expect(await expectRollupEqualsRaw(orgId)).toBeLessThan(totalBefore!);

    const patched = await updatePriceOverride(handle.db, actor, created.override.id, { effectiveFrom: "2025-09-08" });
    const afterPatch = await costs(orgId);
    expect(changedKeys(afterCreate, afterPatch)).toEqual([
      "gpt-4o-2024-08-06|2025-09-06",
      "gpt-4o-2024-08-06|2025-09-07",
    ]);
    expect(afterPatch.get("gpt-4o-2024-08-06|2025-09-06")).toBe(original.get("gpt-4o-2024-08-06|2025-09-06"));
    expect(patched.recomputed.changed).toBe(2);
    await expectRollupEqualsRaw(orgId);

    const reset = await resetModelPrices(handle.db, actor, { provider: "openai", model: "gpt-4o" });
    expect(reset.removed).toBe(1);
    expect(await costs(orgId)).toEqual(original);
    expect(await expectRollupEqualsRaw(orgId)).toBe(totalBefore);
    expect(await listPriceOverrides(handle.db, actor)).toEqual([]);

    const audit = rowsOf<{ action: string }>(
      await handle.db.execute(
        sql`select action from audit_log where org_id = ${orgId}::uuid and action like 'price.%' order by id`,
      ),
    );
    expect(audit.map((a) => a.action)).toEqual(["price.create", "price.update", "price.reset"]);
  });

  it("prices an unpriced model, lists it until then, and delete returns it to unpriced", async () => {
    const { orgId, actor } = await setup("unpriced");
    const unpriced = await listUnpricedModels(handle.db, actor, range);
    expect(unpriced.models.map((m) => m.model)).toEqual(["ft:gpt-4o-mini:acme::zz9"]);
    expect(unpriced.models[0]!.inputTokens).toBe(DAYS * 1_000_000 + 1000 * 45 + 2 * DAYS);
    const before = await costs(orgId);

    const { override } = await createPriceOverride(handle.db, actor, {
      provider: "openai",
      model: "ft:gpt-4o-mini:acme::zz9",
      effectiveFrom: "2025-01-01",
      inputPerMTok: "0.30",
      cachedInputPerMTok: "0.15",
      outputPerMTok: "1.20",
    });
    expect((await listUnpricedModels(handle.db, actor, range)).models).toEqual([]);
    const priced = await costs(orgId);
    expect(changedKeys(before, priced)).toHaveLength(DAYS);
    expect(priced.get("ft:gpt-4o-mini:acme::zz9|2025-09-01")).toBe("0.5250006"); // 900,002 x .3 + 100,000 x .15 + 200,000 x 1.2
    const listed = await listPrices(handle.db, actor, { provider: "openai", model: "ft:gpt-4o-mini:acme::zz9" });
    expect(listed.prices).toHaveLength(1);
    expect(listed.prices[0]).toMatchObject({ source: "override", inputPerMTok: "0.30", overrideId: override.id });
    expect(listed.overrides.map((o) => o.id)).toEqual([override.id]);
    expect((await listPrices(handle.db, actor, { provider: "openai", model: "gpt-4o" })).prices).toMatchObject([
      { model: "gpt-4o", source: "library", inputPerMTok: "2.5" },
    ]);
    await expectRollupEqualsRaw(orgId);

    await deletePriceOverride(handle.db, actor, override.id);
    expect(await costs(orgId)).toEqual(before);
    expect((await listUnpricedModels(handle.db, actor, range)).models).toHaveLength(1);
    await expectRollupEqualsRaw(orgId);
  });

  it("lists today's price of every model the organization uses or has priced, with its source", async () => {
    const { actor } = await setup("effective list");
    const other = await setup("effective list other");
    await createPriceOverride(handle.db, other.actor, {
      provider: "openai",
      model: "other-org-model",
      effectiveFrom: FIRST,
      inputPerMTok: "9",
      outputPerMTok: "9",
    });
    const { override } = await createPriceOverride(handle.db, actor, {
      provider: "openai",
      model: "gpt-4o",
      effectiveFrom: FIRST,
      inputPerMTok: "1",
      outputPerMTok: "2",
    });
    const ended = await createPriceOverride(handle.db, actor, {
      provider: "openai",
      model: "ft:gpt-4o-mini:acme::zz9",
      effectiveFrom: FIRST,
      effectiveTo: "2025-09-05",
      inputPerMTok: "0.30",
      outputPerMTok: "1.20",
    });

    const all = await listPrices(handle.db, actor, {});
    expect(all.prices.map((p) => [p.model, p.source, p.overrideId])).toEqual([
      ["ft:gpt-4o-mini:acme::zz9", "none", null], // its override ended before today; usage and override give one row
      ["gpt-4o", "override", override.id], // no usage, an override
      ["gpt-4o-2024-08-06", "override", override.id], // the undated override covers the snapshot
      ["gpt-4o-mini-2024-07-18", "library", null],
    ]);
    expect(all.prices.every((p) => p.provider === "openai" && p.day === new Date().toISOString().slice(0, 10))).toBe(
      true,
    );
    expect(all.prices[1]).toMatchObject({ inputPerMTok: "1", cachedInputPerMTok: "1", outputPerMTok: "2" });
    expect(all.prices[3]!.inputPerMTok).not.toBeNull();
    expect(all.overrides.map((o) => o.id).sort()).toEqual([override.id, ended.override.id].sort());

    expect((await listPrices(handle.db, actor, { provider: "anthropic" })).prices).toEqual([]);
    expect((await listPrices(handle.db, actor, { model: "gpt-4o-mini-2024-07-18" })).prices).toMatchObject([
      { model: "gpt-4o-mini-2024-07-18", source: "library" },
    ]);
    const viewer = await addTestMember(handle.db, other.org, "viewer");
    expect((await listPrices(handle.db, viewer.actor, {})).prices.map((p) => p.model)).toContain("other-org-model");
  });

  it("rejects another tenant and refuses viewers", async () => {
    const owner = await setup("tenant a");
    const other = await setup("tenant b");
    const { override } = await createPriceOverride(handle.db, owner.actor, {
      provider: "openai",
      model: "gpt-4o",
      effectiveFrom: FIRST,
      inputPerMTok: 1,
      outputPerMTok: 2,
    });
    const otherCosts = await costs(other.orgId);
    const code = (e: unknown) => (isAppError(e) ? e.code : e);
    expect(
      code(await updatePriceOverride(handle.db, other.actor, override.id, { inputPerMTok: "0" }).catch((e) => e)),
    ).toBe("NOT_FOUND");
    expect(code(await deletePriceOverride(handle.db, other.actor, override.id).catch((e) => e))).toBe("NOT_FOUND");
    expect(await listPriceOverrides(handle.db, other.actor)).toEqual([]);
    // B's own reset of the same model removes nothing of A's.
    expect((await resetModelPrices(handle.db, other.actor, { provider: "openai", model: "gpt-4o" })).removed).toBe(0);
    expect(await listPriceOverrides(handle.db, owner.actor)).toHaveLength(1);
    expect(await costs(other.orgId)).toEqual(otherCosts); // A's override never priced B's usage

    const viewer = await addTestMember(handle.db, owner.org, "viewer");
    const denied = await createPriceOverride(handle.db, viewer.actor, {
      provider: "openai",
      model: "gpt-4o",
      effectiveFrom: FIRST,
      inputPerMTok: "1",
      outputPerMTok: "2",
    }).catch((e) => e);
    expect(code(denied)).toBe("FORBIDDEN");
    expect(await listPriceOverrides(handle.db, viewer.actor)).toHaveLength(1); // viewers may read them
  });

  it("refuses bad input in plain words", async () => {
    const { actor } = await setup("bad input");
    const bad = async (input: Record<string, unknown>) =>
      createPriceOverride(handle.db, actor, {
        provider: "openai",
        model: "gpt-4o",
        effectiveFrom: FIRST,
        inputPerMTok: "1",
        outputPerMTok: "2",
        ...input,
      } as never).catch((e: unknown) => (isAppError(e) ? `${e.code}: ${e.message}` : e));
    expect(await bad({ model: "  " })).toMatch(/VALIDATION_FAILED: .*Enter a model/);
    expect(await bad({ inputPerMTok: "-1" })).toMatch(/Enter a price of 0 or more/);
    expect(await bad({ outputPerMTok: "abc" })).toMatch(/Enter a price of 0 or more/);
    expect(await bad({ effectiveTo: "2025-08-01" })).toMatch(/effectiveTo must not be before effectiveFrom/);
    expect(await bad({ effectiveFrom: "2025-02-30" })).toMatch(/effectiveFrom must be a real date/);
  });
});
