export * from "./users";
export * from "./provider-keys";
export * from "./usage-events";
export * from "./ingestion-runs";
export * from "./provider-catalog";
export * from "./usage-rollup";
export * from "./rate-limits";
