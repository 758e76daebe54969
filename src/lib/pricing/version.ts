import { createHash } from "node:crypto";
import { BATCH_FACTOR, OPENAI_PRIORITY_DEFAULT, OPENAI_PRIORITY_FACTORS } from "./discounts";
import { libraryDataDigest } from "./library";
import { COST_SCALE } from "./price-row";
import { SUPPLEMENT_PRICES } from "./supplement";
import { UNIT_PRICE_TABLE } from "./unit-prices";

/** Bump when the cost arithmetic changes in a way the tables below do not show. */
const ALGORITHM = 1;

/**
 * What stored costs were computed with: the price library's bundled data, the discount and unit
 * tables, the rounding. usage_pricing_state records it per provider account; a refresh that finds
 * another version re-prices the account's usage, and it is part of ROLLUP_VERSION so cubes follow.
 * Organization overrides are not in it: changing one re-prices the affected rows at once.
 */
export const PRICING_VERSION = createHash("sha256")
  .update(
    JSON.stringify({
      algorithm: ALGORITHM,
      library: libraryDataDigest(),
      discounts: { BATCH_FACTOR, OPENAI_PRIORITY_FACTORS, OPENAI_PRIORITY_DEFAULT },
      units: UNIT_PRICE_TABLE,
      supplement: SUPPLEMENT_PRICES,
      scale: COST_SCALE,
    }),
  )
  .digest("hex")
  .slice(0, 16);
