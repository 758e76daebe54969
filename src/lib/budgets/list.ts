import { asc, eq } from "drizzle-orm";
import { budgets } from "@/db/schema";
import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { getOrgBudgetRow } from "./get";
import { budgetProgress, type BudgetProgress } from "./progress";
import { toBudgetView, type BudgetView } from "./view";

export type BudgetWithProgress = BudgetView & { progress: BudgetProgress };

export async function listBudgets(db: Db, actor: ActingAs, now: Date = new Date()): Promise<BudgetWithProgress[]> {
  assertCan(actor, "budgets:read");
  const rows = await db
    .select()
    .from(budgets)
    .where(eq(budgets.orgId, actor.orgId))
    .orderBy(asc(budgets.createdAt), asc(budgets.id));
  const out: BudgetWithProgress[] = [];
  for (const row of rows) {
    const view = toBudgetView(row);
    out.push({ ...view, progress: await budgetProgress(db, actor.orgId, view, now) });
  }
  return out;
}

export async function getBudget(
  db: Db,
  actor: ActingAs,
  budgetId: string,
  now: Date = new Date(),
): Promise<BudgetWithProgress> {
  assertCan(actor, "budgets:read");
  const view = toBudgetView(await getOrgBudgetRow(db, actor.orgId, budgetId));
  return { ...view, progress: await budgetProgress(db, actor.orgId, view, now) };
}
