export * from "./contract";
export { getReconciliation, type ReconcileOptions } from "./reconcile";
export {
  DEFAULT_RECONCILIATION_DAYS,
  lastClosedDay,
  MAX_RECONCILIATION_DAYS,
  reconciliationQuerySchema,
  type ReconciliationQuery,
} from "./schemas";
