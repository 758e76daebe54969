export * from "./contract";
export {
  analyticsFilterFields,
  analyticsFiltersSchema,
  batchSchema,
  breakdownDimensionSchema,
  DEFAULT_GRANULARITY,
  DEFAULT_RANGE_DAYS,
  defaultRange,
  filtersToSearchParams,
  granularitySchema,
  MAX_RANGE_DAYS,
  parseAnalyticsSearchParams,
  validateFilters,
} from "./filters";
export { getUsageTotals } from "./totals";
export { getUsageTimeSeries } from "./time-series";
export { DEFAULT_BREAKDOWN_LIMIT, getUsageBreakdown, MAX_BREAKDOWN_LIMIT } from "./breakdown";
export { getFilterOptions } from "./filter-options";
export {
  countUsageRows,
  DEFAULT_PAGE_SIZE,
  iterateUsageRows,
  listUsageRows,
  MAX_PAGE_SIZE,
  type UsageRow,
} from "./rows";
export { READ_TIMEOUT_MESSAGE, withReadTimeout } from "./read-timeout";
export { buildUsageCsv, CSV_COLUMNS, csvFilename, exportUsageCsv, MAX_EXPORT_ROWS, streamUsageCsv } from "./csv";

export { rollupIsCurrent, type ReadOptions, type ReadPath } from "./source";
export { runUsageQuery, usageExportQuerySchema, usageQuerySchema, type UsageQuery } from "./usage-query";
