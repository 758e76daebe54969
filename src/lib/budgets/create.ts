import { budgets } from "@/db/schema";
import type { Db } from "@/db/types";
import { recordAudit } from "@/lib/orgs/audit";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { auditDetailsOf } from "./audit-details";
import type { CreateBudgetInput } from "./schemas";
import { toBudgetView, type BudgetView } from "./view";
import { assertOrgChannels } from "@/lib/notifications";

/** Admins create budgets. Channel ids are stored as given (uuids); the delivery side resolves them. */
export async function createBudget(
  db: Db,
  actor: ActingAs,
  input: CreateBudgetInput,
  meta: { requestId?: string } = {},
): Promise<BudgetView> {
  assertCan(actor, "budgets:write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(budgets)
      .values({
        orgId: actor.orgId,
        name: input.name,
        provider: input.scope.provider ?? null,
        projectId: input.scope.projectId ?? null,
        apiKeyId: input.scope.apiKeyId ?? null,
        amountUsd: input.amountUsd,
        thresholds: input.thresholds,
        channelIds: await assertOrgChannels(tx, actor.orgId, input.channelIds),
        createdByUserId: actor.userId,
      })
      .returning();
    const view = toBudgetView(row!);
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "budget.create",
      targetType: "budget",
      targetId: view.id,
      requestId: meta.requestId,
      details: auditDetailsOf(view),
    });
    return view;
  });
}
