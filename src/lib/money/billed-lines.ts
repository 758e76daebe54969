/**
 * Stored billed cost per UTC day, project and line item (summed over API keys in SQL), as exact
 * decimal strings: what a provider's cost CSV export lists, for `npm run usage:diff -- --costs`.
 */
import { sql } from "drizzle-orm";
import { z } from "zod";
import { rowsOf, type Db } from "@/db/types";
import { productDate } from "@/lib/dates";
import type { ReadPath } from "@/lib/analytics/source";
import { PROVIDER_IDS, type ProviderId } from "@/lib/providers/types";
import { billedLinesTable } from "@/lib/reconciliation/cost-rollup";
import { parseOrThrow } from "@/lib/validation";
import { formatDecimal, parseDecimal } from "./decimal";

export interface BilledLine {
  day: string;
  projectId: string | null;
  lineItem: string | null;
  currency: string;
  amount: string;
}

const params = z
  .object({ start: productDate("start"), end: productDate("end"), provider: z.enum(PROVIDER_IDS) })
  .strict();

const row = z.object({
  day: z.string(),
  project_id: z.string().nullable(),
  line_item: z.string().nullable(),
  currency: z.string(),
  amount: z.string(),
});

export async function billedLinesByDay(
  db: Db,
  orgId: string,
  input: { start: string; end: string; provider: ProviderId },
  path: ReadPath = "auto",
): Promise<BilledLine[]> {
  const p = parseOrThrow(params, input, "billed line parameters");
  const table = await billedLinesTable(db, orgId, path);
  const result = await db.execute(sql`
    select day::text as day, project_id, line_item, currency, sum(amount_usd)::text as amount
    from ${table}
    where org_id = ${orgId}::uuid and provider = ${p.provider} and day between ${p.start}::date and ${p.end}::date
    group by day, project_id, line_item, currency
    order by day, project_id nulls first, line_item nulls first, currency`);
  return rowsOf<unknown>(result).map((raw) => {
    const r = row.parse(raw);
    return {
      day: r.day,
      projectId: r.project_id,
      lineItem: r.line_item,
      currency: r.currency,
      amount: formatDecimal(parseDecimal(r.amount)!),
    };
  });
}
