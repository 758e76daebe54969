export { BATCH_FACTOR, discountFactor } from "./discounts";
export { prefixMatches } from "./model-match";
export { COST_SCALE, priceUsageRow } from "./price-row";
export { USAGE_ENDPOINTS, type PriceableUsage, type PriceOverride, type UsageEndpoint } from "./types";
export { PRICING_VERSION } from "./version";
