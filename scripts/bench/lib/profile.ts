/**
 * Stage-by-stage cost of the ingest path on a sample of completions pages, each stage timed on its
 * own: emulator day generation, emulator aggregation (group_by), JSON.stringify, the HTTP exchange,
 * JSON.parse, zod, normalisation, coalescing, and the upsert itself (new rows, then unchanged).
 * The stages are the same functions the real run uses, called one after the other.
 */
import { COMPLETIONS_GROUP_BY } from "@/lib/providers/openai/admin-usage";
import { normalizeBuckets, normalizeCompletionsResult } from "@/lib/providers/openai/normalize";
import { completionsPageSchema } from "@/lib/providers/openai/schemas";
import { coalesceRecords, upsertUsageBuckets } from "@/lib/ingestion/persist";
import type { Db } from "@/db/types";
import { startEmulator } from "../../emulator/server";
import { generateDataset, type DatasetOptions } from "../../emulator/dataset";
import { handleUsage } from "../../emulator/usage-route";
import { DAY_SECONDS, dayStartOf } from "../../emulator/types";
import { stopwatch, timedDataset } from "./instrument";
import { round } from "./raw-insert";

const STAGES = [
  "emulator_generate",
  "emulator_aggregate",
  "emulator_stringify",
  "http_transfer",
  "json_parse",
  "zod_parse",
  "normalize",
  "coalesce",
  "upsert_new",
  "upsert_unchanged",
] as const;
type Stage = (typeof STAGES)[number];

export interface StageProfile {
  sample: { days: number; pages: number; rows: number };
  /** microseconds per row, by stage, and each stage's share of the whole */
  us_per_row: Record<Stage, number>;
  share_pct: Record<Stage, number>;
  notes: string[];
}

export async function profileStages(
  db: Db,
  opts: {
    datasetOptions: DatasetOptions;
    firstDay: string;
    days: number;
    maxResultsPerPage: number;
    userId: string;
    keyId: string;
  },
): Promise<StageProfile> {
  const gen = stopwatch();
  const dataset = timedDataset(generateDataset(opts.datasetOptions), gen);
  const org = dataset.organizations[0]!;
  const cred = dataset.credentials.find((c) => c.kind === "admin" && c.orgId === org.id)!;
  const emulator = await startEmulator({ dataset, port: 0, maxResultsPerPage: opts.maxResultsPerPage });
  const ms: Record<Stage, number> = Object.fromEntries(STAGES.map((s) => [s, 0])) as Record<Stage, number>;
  const lap = async <T>(stage: Stage, fn: () => T | Promise<T>): Promise<T> => {
    const start = performance.now();
    try {
      return await fn();
    } finally {
      ms[stage] += performance.now() - start;
    }
  };
  let pages = 0;
  let rows = 0;
  try {
    const start = dayStartOf(opts.firstDay);
    const base = new URLSearchParams({
      start_time: String(start),
      end_time: String(start + opts.days * DAY_SECONDS),
      bucket_width: "1d",
      limit: "31",
    });
    for (const g of COMPLETIONS_GROUP_BY) base.append("group_by", g);
    let cursor: string | null = null;
    do {
      const query = new URLSearchParams(base);
      if (cursor) query.set("page", cursor);
      const genBefore = gen.ms;
      const routed = await lap("emulator_aggregate", () =>
        handleUsage("completions", query, {
          dataset,
          orgId: org.id,
          maxResultsPerPage: opts.maxResultsPerPage,
          nowSeconds: Math.floor(Date.now() / 1000),
        }),
      );
      ms.emulator_aggregate -= gen.ms - genBefore;
      ms.emulator_generate += gen.ms - genBefore;
      if (routed.status !== 200) throw new Error(`profile: emulator answered ${routed.status}`);
      await lap("emulator_stringify", () => JSON.stringify(routed.body));
      // The same page over real HTTP (days now cached by the generator): what is left after the
      // emulator's own aggregate + stringify is node:http, loopback and fetch.
      const genBeforeHttp = gen.ms;
      const before = performance.now();
      const res = await fetch(`${emulator.url}/organization/usage/completions?${query}`, {
        headers: { Authorization: `Bearer ${cred.key}` },
      });
      const text = await res.text();
      // Generation inside the HTTP call is cache hits only, and not transfer: take it out.
      ms.http_transfer += performance.now() - before - (gen.ms - genBeforeHttp);
      const parsedJson = await lap("json_parse", () => JSON.parse(text) as unknown);
      const parsed = await lap("zod_parse", () => completionsPageSchema.parse(parsedJson));
      const records = await lap("normalize", () => normalizeBuckets(parsed.data, normalizeCompletionsResult));
      await lap("coalesce", () => coalesceRecords(records));
      const target = { userId: opts.userId, keyId: opts.keyId, simulated: false };
      await lap("upsert_new", () => upsertUsageBuckets(db, target, records));
      await lap("upsert_unchanged", () => upsertUsageBuckets(db, target, records));
      pages++;
      rows += records.length;
      cursor = typeof parsed.next_page === "string" ? parsed.next_page : null;
      if (!parsed.has_more) cursor = null;
    } while (cursor);
  } finally {
    await emulator.close();
  }
  // http_transfer so far includes a second aggregate + stringify inside the emulator; subtract them.
  ms.http_transfer = Math.max(0, ms.http_transfer - ms.emulator_aggregate - ms.emulator_stringify);
  const total = STAGES.reduce((sum, s) => sum + (s === "upsert_unchanged" ? 0 : ms[s]), 0);
  return {
    sample: { days: opts.days, pages, rows },
    us_per_row: Object.fromEntries(STAGES.map((s) => [s, round((ms[s] * 1000) / rows, 2)])) as Record<Stage, number>,
    share_pct: Object.fromEntries(STAGES.map((s) => [s, round((ms[s] / total) * 100, 1)])) as Record<Stage, number>,
    notes: [
      "share_pct is of one first-time ingest (every stage except upsert_unchanged); upsert_unchanged is the rerun's write cost",
      "http_transfer = fetch round trip minus the emulator's aggregate and stringify (node:http + loopback + undici)",
    ],
  };
}
