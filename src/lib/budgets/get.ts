import { and, eq } from "drizzle-orm";
import { budgets } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import type { BudgetRow } from "./view";

/** The budget if it belongs to the organization; another organization's id is a 404, like a missing one. */
export async function getOrgBudgetRow(db: Db, orgId: string, budgetId: string): Promise<BudgetRow> {
  const [row] = await db
    .select()
    .from(budgets)
    .where(and(eq(budgets.id, budgetId), eq(budgets.orgId, orgId)));
  if (!row) throw notFound("Budget");
  return row;
}
