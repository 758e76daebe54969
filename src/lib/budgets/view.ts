import type { budgets, BudgetThreshold } from "@/db/schema";

export interface BudgetScope {
  provider: string | null;
  projectId: string | null;
  apiKeyId: string | null;
}

export interface BudgetView {
  id: string;
  name: string;
  scope: BudgetScope;
  /** USD per calendar month (UTC), decimal string. */
  amountUsd: string;
  thresholds: BudgetThreshold[];
  channelIds: string[];
  createdAt: string;
  updatedAt: string;
}

export type BudgetRow = typeof budgets.$inferSelect;

export function toBudgetView(row: BudgetRow): BudgetView {
  return {
    id: row.id,
    name: row.name,
    scope: { provider: row.provider, projectId: row.projectId, apiKeyId: row.apiKeyId },
    amountUsd: row.amountUsd,
    thresholds: row.thresholds,
    channelIds: [...row.channelIds],
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** The scope as spend queries take it (absent = not narrowed). */
export function spendScopeOf(scope: BudgetScope) {
  return {
    ...(scope.provider ? { provider: scope.provider } : {}),
    ...(scope.projectId !== null ? { projectId: scope.projectId } : {}),
    ...(scope.apiKeyId !== null ? { apiKeyId: scope.apiKeyId } : {}),
  };
}
