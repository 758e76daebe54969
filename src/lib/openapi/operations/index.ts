import type { ApiOperation } from "../types";
import { KEY_OPERATIONS } from "./keys";
import { ORG_OPERATIONS } from "./orgs";
import { SYSTEM_OPERATIONS } from "./system";
import { USAGE_OPERATIONS } from "./usage";

/** Every API operation, in the order the reference lists them. */
export const API_OPERATIONS: readonly ApiOperation[] = [
  ...USAGE_OPERATIONS,
  ...KEY_OPERATIONS,
  ...ORG_OPERATIONS,
  ...SYSTEM_OPERATIONS,
];
