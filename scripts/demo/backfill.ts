import type { Db } from "@/db/types";
import { fetchAndStoreUsageForUser } from "@/lib/ingestion/fetch-and-store";
import { chunkWindow, DAY_MS, planUsageWindows } from "@/lib/ingestion/windows";

/** History through the one entry point, a month at a time, with a line per chunk. */
export async function backfillDemo(db: Db, userId: string, opts: { days: number; today: string }) {
  const start = new Date(Date.parse(opts.today) - (opts.days - 1) * DAY_MS).toISOString().slice(0, 10);
  const window = planUsageWindows({ start, end: opts.today, defaultDays: opts.days, now: Date.now() });
  const chunks = chunkWindow(window, 30);
  let rows = 0;
  for (const [i, chunk] of chunks.entries()) {
    const t0 = Date.now();
    const result = await fetchAndStoreUsageForUser(db, userId, {
      start: chunk.days[0],
      end: chunk.days.at(-1),
      trigger: "demo",
      label: "demo",
    });
    const t = result.telemetry;
    rows += t.rowsInserted + t.rowsUpdated + t.rowsUnchanged;
    const issues = t.issues.map((x) => `${x.code}: ${x.message}`).join("; ");
    console.log(
      `[${i + 1}/${chunks.length}] ${chunk.days[0]}..${chunk.days.at(-1)}: ${t.rowsInserted.toLocaleString("en-US")} new, ` +
        `${t.rowsUpdated.toLocaleString("en-US")} updated, ${t.rowsUnchanged.toLocaleString("en-US")} unchanged ` +
        `(${((Date.now() - t0) / 1000).toFixed(1)}s)${issues ? ` — ${issues}` : ""}`,
    );
  }
  console.log(`Backfilled ${window.days.length} days: ${rows.toLocaleString("en-US")} usage rows stored.`);
}
