/** GET /api/reconciliation: any member (or a costs:read token) reads billed vs computed cost. */
import { reconciliationQuerySchema } from "@/lib/reconciliation";
import { day, type BadInput, type MatrixRow } from "../types";

const query = (why: string, q: string): BadInput => ({
  why,
  status: 400,
  target: async () => ({ path: `/api/reconciliation?${q}` }),
});

export const RECONCILIATION_ROWS: MatrixRow[] = [
  {
    kind: "route",
    method: "GET",
    route: "/api/reconciliation",
    access: "reconciliation:read",
    tokenScope: "costs:read",
    ok: 200,
    target: async (w) => ({ path: `/api/reconciliation?${day(w)}` }),
    input: { query: reconciliationQuerySchema },
    badInput: [
      query("an impossible date", "start=2026-02-30&end=2026-03-01"),
      query("a threshold that is not a number", "threshold=lots"),
      query("a threshold over 100%", "threshold=250"),
      query("a provider that does not exist", "provider=acme"),
      query("an end before the start", "start=2026-03-10&end=2026-03-01"),
      query("more than a year of days", "start=2024-01-01&end=2025-06-30"),
      query("a parameter the API does not take", "model=gpt-4o"),
      query("a NUL byte in the project", "projectId=%00"),
    ],
  },
];
