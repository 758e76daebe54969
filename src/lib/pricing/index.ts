export { estimateCostUsd, type TokenSums } from "./estimate";
export { findModelPrice, prefixMatches } from "./lookup";
export { BATCH_FACTOR, MODEL_PRICES, PRICES_AS_OF, type ModelPrice } from "./prices";
export { costSql, modelPricesSql } from "./sql";
export { PRICING_VERSION } from "./version";
