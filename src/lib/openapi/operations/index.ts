import type { ApiOperation } from "../types";
import { ALERT_OPERATIONS } from "./alerts";
import { BUDGET_OPERATIONS } from "./budgets";
import { KEY_OPERATIONS } from "./keys";
import { MONEY_OPERATIONS } from "./money";
import { PRICE_OPERATIONS } from "./prices";
import { ORG_OPERATIONS } from "./orgs";
import { SYSTEM_OPERATIONS } from "./system";
import { USAGE_OPERATIONS } from "./usage";

/** Every API operation, in the order the reference lists them. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...USAGE_OPERATIONS,
  ...MONEY_OPERATIONS,
  ...PRICE_OPERATIONS,
  ...BUDGET_OPERATIONS,
  ...ALERT_OPERATIONS,
  ...KEY_OPERATIONS,
  ...ORG_OPERATIONS,
  ...SYSTEM_OPERATIONS,
];
