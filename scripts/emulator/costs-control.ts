// /__emulator/costs/*: ground truth of the costs endpoint and late revisions of its data.
//   GET    /costs/totals?start=YYYY-MM-DD&end=YYYY-MM-DD&group_by=project_id,line_item[,api_key_id][&org_id=]
//   GET    /costs/adjustments, POST (one or an array of CostAdjustment), DELETE (all)

import { z } from "zod";
import { parseDecimal } from "../../src/lib/money/decimal";
import { COST_GROUP_FIELDS, costTotals, type CostAdjustment, type CostGroupField } from "./costs-data";
import { errors, type EmulatorResponse } from "./http-util";
import { DAY_SECONDS, dayStartOf, type EmulatorDataset } from "./types";

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, "expected YYYY-MM-DD");
export const costAdjustmentSchema = z.object({
  day,
  org_id: z.string().optional(),
  project_id: z.string().nullable(),
  api_key_id: z.string().nullable(),
  line_item: z.string().min(1),
  amount: z
    .string()
    .refine((v) => /^-?\d+(\.\d{1,20})?$/.test(v) && parseDecimal(v) !== null, "expected a decimal string"),
});

const MAX_TOTAL_DAYS = 400;

export function handleCostsControl(
  method: string,
  path: string,
  query: URLSearchParams,
  body: unknown,
  ctx: { dataset: EmulatorDataset; adjustments: CostAdjustment[] },
): EmulatorResponse | null {
  if (path === "/costs/adjustments") {
    if (method === "GET") return { status: 200, body: { adjustments: ctx.adjustments } };
    if (method === "DELETE") {
      ctx.adjustments.length = 0;
      return { status: 200, body: { adjustments: [] } };
    }
    if (method === "POST") {
      const parsed = z.union([costAdjustmentSchema, z.array(costAdjustmentSchema)]).safeParse(body);
      if (!parsed.success)
        return errors.invalidParam("body", `Invalid cost adjustment: ${parsed.error.issues[0]?.message}`);
      ctx.adjustments.push(...(Array.isArray(parsed.data) ? parsed.data : [parsed.data]));
      return { status: 200, body: { adjustments: ctx.adjustments } };
    }
  }
  if (method === "GET" && path === "/costs/totals") {
    const groupBy = (query.get("group_by") ?? "project_id,line_item").split(",").filter(Boolean);
    const bad = groupBy.find((g) => !(COST_GROUP_FIELDS as readonly string[]).includes(g));
    if (bad) return errors.invalidParam("group_by", `Unknown group_by '${bad}'. Use ${COST_GROUP_FIELDS.join(",")}.`);
    try {
      const start = dayStartOf(query.get("start") ?? "");
      const end = dayStartOf(query.get("end") ?? "");
      if (end < start || (end - start) / DAY_SECONDS >= MAX_TOTAL_DAYS)
        throw new Error("end must be on or after start, within 400 days");
      const days: number[] = [];
      for (let d = start; d <= end; d += DAY_SECONDS) days.push(d);
      const orgId = query.get("org_id") ?? ctx.dataset.organizations[0]?.id;
      if (!orgId) throw new Error("the dataset has no organization");
      return {
        status: 200,
        body: costTotals(ctx.dataset, {
          orgId,
          days,
          groupBy: groupBy as CostGroupField[],
          adjustments: ctx.adjustments,
        }),
      };
    } catch (error) {
      return errors.invalidParam("start", (error as Error).message);
    }
  }
  return null;
}
