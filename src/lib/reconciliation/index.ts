export * from "./contract";
export { getReconciliation, LINE_ITEM_ROWS, type ReconcileOptions } from "./reconcile";
export {
  DEFAULT_RECONCILIATION_DAYS,
  lastClosedDay,
  MAX_RECONCILIATION_DAYS,
  reconciliationQuerySchema,
  type ReconciliationQuery,
} from "./schemas";
export { CHART_GROUPS, getSpendView, type SpendGroup, type SpendPoint, type SpendView } from "./spend";
export { SPEND_STACKS, type SpendStack } from "./spend-facts";
export { OTHER_KEY } from "./spend-labels";
export { getTopMovers, MOVERS_LIMIT, type Mover, type MoversView } from "./movers";
export { COST_ROLLUP_VERSION, costRollupIsCurrent, refreshCostRollup, type CostRollupRefresh } from "./cost-rollup";
