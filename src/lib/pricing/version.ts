import { createHash } from "node:crypto";
import { BATCH_FACTOR, MODEL_PRICES } from "./prices";

/** Changes whenever the price table does; part of the analytics ROLLUP_VERSION. */
export const PRICING_VERSION = createHash("sha256")
  .update(JSON.stringify({ prices: MODEL_PRICES, batch: BATCH_FACTOR }))
  .digest("hex")
  .slice(0, 16);
