import { and, eq } from "drizzle-orm";
import { priceOverrides } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { parseOrThrow } from "@/lib/validation";
import { recomputeAfterOverrideChange, type RecomputeSummary } from "./recompute";
import { resetPricesSchema, type ResetPricesInput } from "./schemas";

/** "Reset to default": every override of the organization for this provider and model goes; the library's price applies again. */
export async function resetModelPrices(
  db: Db,
  actor: ActingAs,
  input: ResetPricesInput,
  meta: { requestId?: string } = {},
): Promise<{ removed: number; recomputed: RecomputeSummary }> {
  assertCan(actor, "prices:write");
  const { provider, model } = parseOrThrow(resetPricesSchema, input, "reset");
  return db.transaction(async (tx) => {
    const removed = await tx
      .delete(priceOverrides)
      .where(
        and(
          eq(priceOverrides.orgId, actor.orgId),
          eq(priceOverrides.provider, provider),
          eq(priceOverrides.model, model),
        ),
      )
      .returning({ id: priceOverrides.id, effectiveFrom: priceOverrides.effectiveFrom });
    const fromDay = removed.reduce<string | null>(
      (m, r) => (m === null || r.effectiveFrom < m ? r.effectiveFrom : m),
      null,
    );
    const recomputed = fromDay
      ? await recomputeAfterOverrideChange(tx, actor.orgId, [{ provider, model, fromDay }])
      : { rows: 0, changed: 0, days: [] };
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "price.reset",
      targetType: "model",
      targetId: `${provider}:${model}`,
      requestId: meta.requestId,
      details: { provider, model, removed: removed.length, rowsRepriced: recomputed.changed },
    });
    return { removed: removed.length, recomputed };
  });
}
