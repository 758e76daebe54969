import { and, eq } from "drizzle-orm";
import { budgets } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { getOrgBudgetRow } from "./get";

/** Removes a budget; its fired alerts stay in the history (their budget id becomes null). */
export async function deleteBudget(
  db: Db,
  actor: ActingAs,
  budgetId: string,
  meta: { requestId?: string } = {},
): Promise<{ deleted: true; id: string }> {
  assertCan(actor, "budgets:write");
  return db.transaction(async (tx) => {
    const row = await getOrgBudgetRow(tx, actor.orgId, budgetId);
    await tx.delete(budgets).where(and(eq(budgets.id, budgetId), eq(budgets.orgId, actor.orgId)));
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "budget.delete",
      targetType: "budget",
      targetId: budgetId,
      requestId: meta.requestId,
      details: { name: row.name, amountUsd: row.amountUsd },
    });
    return { deleted: true, id: budgetId };
  });
}
