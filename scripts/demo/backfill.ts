import type { Db } from "@/db/types";
import { planBackfill } from "../backfill/args";
import { formatStepLine } from "../backfill/progress";
import { runBackfill } from "../backfill/run";

/** The demo's history goes through the backfill CLI's own runner: a month per chunk, a line per chunk. */
export async function backfillDemo(db: Db, org: { id: string; name: string }, opts: { days: number }) {
  const plan = planBackfill({ help: false, days: opts.days, chunkDays: 30, label: "demo", dryRun: false }, Date.now());
  const summary = await runBackfill(db, plan, [org], {
    auditDir: null,
    onStep: (step, total) => console.log(formatStepLine(step, total)),
  });
  const t = summary.telemetry;
  console.log(
    `Backfilled ${plan.window.days.length} days: ${(t.rowsInserted + t.rowsUpdated + t.rowsUnchanged).toLocaleString("en-US")} usage rows stored.`,
  );
}
