import { and, eq } from "drizzle-orm";
import { priceOverrides } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import { auditDetails } from "./audit-details";
import { recomputeAfterOverrideChange, type RecomputeScope, type RecomputeSummary } from "./recompute";
import { updatePriceOverrideSchema, type UpdatePriceOverrideInput } from "./schemas";
import { toOverrideView, type PriceOverrideView } from "./view";

/** Another organization's override is a 404. Usage under the old and the new terms is re-priced. */
export async function updatePriceOverride(
  db: Db,
  actor: ActingAs,
  id: string,
  input: UpdatePriceOverrideInput,
  meta: { requestId?: string } = {},
): Promise<{ override: PriceOverrideView; recomputed: RecomputeSummary }> {
  assertCan(actor, "prices:write");
  const v = parseOrThrow(updatePriceOverrideSchema, input, "price");
  return db.transaction(async (tx) => {
    const [before] = await tx
      .select()
      .from(priceOverrides)
      .where(and(eq(priceOverrides.id, id), eq(priceOverrides.orgId, actor.orgId)))
      .for("update");
    if (!before) throw notFound("Price override");
    const effectiveFrom = v.effectiveFrom ?? before.effectiveFrom;
    const effectiveTo = v.effectiveTo === undefined ? before.effectiveTo : v.effectiveTo;
    if (effectiveTo !== null && effectiveTo < effectiveFrom) {
      throw new AppError("VALIDATION_FAILED", "effectiveTo must not be before effectiveFrom");
    }
    const [row] = await tx
      .update(priceOverrides)
      .set({
        model: v.model ?? before.model,
        effectiveFrom,
        effectiveTo,
        inputPerMTok: v.inputPerMTok ?? before.inputPerMTok,
        cachedInputPerMTok: v.cachedInputPerMTok === undefined ? before.cachedInputPerMTok : v.cachedInputPerMTok,
        cacheWritePerMTok: v.cacheWritePerMTok === undefined ? before.cacheWritePerMTok : v.cacheWritePerMTok,
        outputPerMTok: v.outputPerMTok ?? before.outputPerMTok,
        note: v.note === undefined ? before.note : v.note,
        updatedAt: new Date(),
      })
      .where(eq(priceOverrides.id, id))
      .returning();
    const scopes: RecomputeScope[] =
      row!.model === before.model
        ? [
            {
              provider: row!.provider,
              model: row!.model,
              fromDay: row!.effectiveFrom < before.effectiveFrom ? row!.effectiveFrom : before.effectiveFrom,
            },
          ]
        : [
            { provider: before.provider, model: before.model, fromDay: before.effectiveFrom },
            { provider: row!.provider, model: row!.model, fromDay: row!.effectiveFrom },
          ];
    const recomputed = await recomputeAfterOverrideChange(tx, actor.orgId, scopes);
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "price.update",
      targetType: "price_override",
      targetId: id,
      requestId: meta.requestId,
      details: { ...auditDetails(row!), rowsRepriced: recomputed.changed },
    });
    return { override: toOverrideView(row!), recomputed };
  });
}
