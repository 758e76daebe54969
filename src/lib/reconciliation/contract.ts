/**
 * What reconciliation returns. Money is an exact decimal string (USD); a capture rate is
 * computed / billed as a decimal string rounded to 6 places.
 */

export interface LineItem {
  /** The provider's line item (cost_events.line_item); null when it sent none. */
  lineItem: string | null;
  amountUsd: string;
}

export interface ReconciliationRow {
  /** A closed UTC day, `YYYY-MM-DD`. */
  day: string;
  provider: string;
  /** The provider's project (OpenAI) or workspace (Anthropic); null = none / the default workspace. */
  projectId: string | null;
  projectName: string;
  /** Sum of the provider's cost report; null when the provider reported no cost at all that day. */
  billedUsd: string | null;
  /** Sum of the cost CogniTrack computed from usage and prices ("0" when there is no priced usage). */
  computedUsd: string;
  /** computed / billed; null when billed is absent or 0. */
  captureRate: string | null;
  /** billed - computed (positive: the estimate is short); null when billed is absent. */
  gapUsd: string | null;
  /** |gap| > threshold % of billed (billed 0 with computed cost counts too). */
  flagged: boolean;
  /**
   * The billed line items of a flagged row, biggest first; empty for rows that are not flagged and
   * for flagged rows beyond the LINE_ITEM_ROWS biggest gaps (see lineItemsListed).
   */
  lineItems: LineItem[];
  /**
   * True when lineItems is this row's full list: a flagged row among the LINE_ITEM_ROWS with the
   * biggest |gap|. A year of many flagged rows would otherwise carry every line item of the year.
   */
  lineItemsListed: boolean;
}

export interface ReconciliationTotals {
  /** Over the days whose day and provider have a cost report: billed, computed, their gap and rate. */
  billedUsd: string;
  computedUsd: string;
  gapUsd: string;
  captureRate: string | null;
  /** Computed cost on days and providers without any cost report (nothing to compare with yet). */
  unbilledComputedUsd: string;
  rows: number;
  flaggedRows: number;
}

export interface ReconciliationView {
  /** The closed days read: the requested range without today and later. Null when none is closed. */
  range: { start: string; end: string } | null;
  /** The requested range reached today or later: those days are provisional and left out. */
  provisionalFrom: string | null;
  thresholdPercent: number;
  /** One entry per closed day, provider and project (issue 11's contract: `days`). */
  days: ReconciliationRow[];
  totals: ReconciliationTotals;
}
