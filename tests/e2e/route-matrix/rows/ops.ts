/** Rows for the operators' routes: Prometheus scrapes /api/metrics with METRICS_TOKEN. */
import type { MatrixRow } from "../types";

export const OPS_ROWS: MatrixRow[] = [
  { kind: "route", method: "GET", route: "/api/metrics", access: "metrics", ok: 200, target: async () => ({}) },
];
