import { and, eq } from "drizzle-orm";
import { budgets } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { auditDetailsOf } from "./audit-details";
import { getOrgBudgetRow } from "./get";
import type { UpdateBudgetInput } from "./schemas";
import { toBudgetView, type BudgetView } from "./view";
import { assertOrgChannels } from "@/lib/notifications";

/**
 * Edits a budget. Alerts already fired this month stay fired (their keys name the threshold):
 * raising the amount does not re-send 50% once spend passes the new 50%, it fires a new key.
 */
export async function updateBudget(
  db: Db,
  actor: ActingAs,
  budgetId: string,
  input: UpdateBudgetInput,
  meta: { requestId?: string } = {},
): Promise<BudgetView> {
  assertCan(actor, "budgets:write");
  return db.transaction(async (tx) => {
    await getOrgBudgetRow(tx, actor.orgId, budgetId);
    const [row] = await tx
      .update(budgets)
      .set({
        ...(input.name !== undefined ? { name: input.name } : {}),
        ...(input.scope !== undefined
          ? {
              provider: input.scope.provider ?? null,
              projectId: input.scope.projectId ?? null,
              apiKeyId: input.scope.apiKeyId ?? null,
            }
          : {}),
        ...(input.amountUsd !== undefined ? { amountUsd: input.amountUsd } : {}),
        ...(input.thresholds !== undefined ? { thresholds: input.thresholds } : {}),
        ...(input.channelIds !== undefined
          ? { channelIds: await assertOrgChannels(tx, actor.orgId, input.channelIds) }
          : {}),
        updatedAt: new Date(),
      })
      .where(and(eq(budgets.id, budgetId), eq(budgets.orgId, actor.orgId)))
      .returning();
    const view = toBudgetView(row!);
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "budget.update",
      targetType: "budget",
      targetId: budgetId,
      requestId: meta.requestId,
      details: {
        ...auditDetailsOf(view),
        fields: Object.keys(input).filter((k) => input[k as keyof UpdateBudgetInput] !== undefined),
      },
    });
    return view;
  });
}
