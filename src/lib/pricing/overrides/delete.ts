import { and, eq } from "drizzle-orm";
import { priceOverrides } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { auditDetails } from "./audit-details";
import { recomputeAfterOverrideChange, type RecomputeSummary } from "./recompute";

/** Removing an override returns its usage to the library's price (another organization's id is a 404). */
export async function deletePriceOverride(
  db: Db,
  actor: ActingAs,
  id: string,
  meta: { requestId?: string } = {},
): Promise<{ id: string; deleted: true; recomputed: RecomputeSummary }> {
  assertCan(actor, "prices:write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .delete(priceOverrides)
      .where(and(eq(priceOverrides.id, id), eq(priceOverrides.orgId, actor.orgId)))
      .returning();
    if (!row) throw notFound("Price override");
    const recomputed = await recomputeAfterOverrideChange(tx, actor.orgId, [
      { provider: row.provider, model: row.model, fromDay: row.effectiveFrom },
    ]);
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "price.delete",
      targetType: "price_override",
      targetId: id,
      requestId: meta.requestId,
      details: { ...auditDetails(row), rowsRepriced: recomputed.changed },
    });
    return { id, deleted: true as const, recomputed };
  });
}
