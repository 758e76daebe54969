import { priceOverrides } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { parseOrThrow } from "@/lib/validation";
import { auditDetails } from "./audit-details";
import { recomputeAfterOverrideChange, type RecomputeSummary } from "./recompute";
import { createPriceOverrideSchema, type CreatePriceOverrideInput } from "./schemas";
import { toOverrideView, type PriceOverrideView } from "./view";

/** Admins add a price; the usage it covers is re-priced and its rollup days refreshed in the same transaction. */
export async function createPriceOverride(
  db: Db,
  actor: ActingAs,
  input: CreatePriceOverrideInput,
  meta: { requestId?: string } = {},
): Promise<{ override: PriceOverrideView; recomputed: RecomputeSummary }> {
  assertCan(actor, "prices:write");
  const v = parseOrThrow(createPriceOverrideSchema, input, "price");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(priceOverrides)
      .values({
        orgId: actor.orgId,
        provider: v.provider,
        model: v.model,
        effectiveFrom: v.effectiveFrom,
        effectiveTo: v.effectiveTo ?? null,
        inputPerMTok: v.inputPerMTok,
        cachedInputPerMTok: v.cachedInputPerMTok ?? null,
        cacheWritePerMTok: v.cacheWritePerMTok ?? null,
        outputPerMTok: v.outputPerMTok,
        note: v.note ?? null,
        createdBy: actor.userId,
      })
      .returning();
    const recomputed = await recomputeAfterOverrideChange(tx, actor.orgId, [
      { provider: row!.provider, model: row!.model, fromDay: row!.effectiveFrom },
    ]);
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "price.create",
      targetType: "price_override",
      targetId: row!.id,
      requestId: meta.requestId,
      details: { ...auditDetails(row!), rowsRepriced: recomputed.changed },
    });
    return { override: toOverrideView(row!), recomputed };
  });
}
