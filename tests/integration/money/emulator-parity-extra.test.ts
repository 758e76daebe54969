/**
 * Issue 11 with every OpenAI usage endpoint on (the dataset `npm run demo` serves): images, speech,
 * transcription, web and file search, code interpreter and vector storage are billed by the
 * emulator's cost report as OpenAI bills them, and the cost we compute from the ingested usage
 * agrees within 0.1% per model and endpoint, with a capture rate of 1 on every closed day and project.
 * Cached audio tokens of the audio model are billed at the audio input rate on both sides.
 * Known, documented exceptions (asserted, not skipped): usage OpenAI's price list has no price for
 * in the usage API's unit (gpt-4o-mini-tts speech is billed per token; image sizes a model does not
 * make) is unbilled by the emulator and unpriced by us; moderations are free on both sides.
 */
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type DbHandle } from "@/db/types";
import { fetchAndStoreUsageForOrg } from "@/lib/ingestion/fetch-and-store";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";
import type { ActingAs } from "@/lib/orgs/types";
import { priceUsageRow } from "@/lib/pricing";
import { usageFromStoredRow } from "@/lib/pricing/reprice-rows";
import { getReconciliation } from "@/lib/reconciliation";
import { adminCredential, emulatorConfig } from "../ingestion/harness";
import { createTestDb, createTestOrg } from "../test-db";

const END = "2026-10-31";
const WINDOW = { start: "2026-10-22", end: END };
const NOW = new Date("2026-11-04T12:00:00Z");

let handle: DbHandle;
let emulator: EmulatorHandle;
let orgId: string;
let actor: ActingAs;

beforeAll(async () => {
  handle = await createTestDb();
  emulator = await startEmulator({
    dataset: generateDataset({
      seed: 11_012,
      projects: 3,
      apiKeysPerProject: 3,
      users: 3,
      models: 17,
      days: 10,
      endDate: END,
      density: 0.9,
      extraUsage: true,
    }),
    port: 0,
  });
  const made = await createTestOrg(handle.db, "owner", "parity-extra");
  orgId = made.org.id;
  actor = made.actor;
  await createKey(
    handle.db,
    actor,
    createKeySchema.parse({
      provider: "openai",
      label: "OpenAI admin",
      usageMode: "admin",
      ...adminCredential(emulator),
    }),
  );
  const result = await fetchAndStoreUsageForOrg(
    handle.db,
    orgId,
    { ...WINDOW, trigger: "api" },
    { config: emulatorConfig(emulator), now: () => NOW.getTime() },
  );
  expect(result.status).toBe("succeeded");
}, 300_000);
afterAll(async () => {
  await emulator?.close();
  await handle?.close();
});

async function storedUsage(): Promise<{ day: string; r: Record<string, unknown> }[]> {
  return rowsOf(
    await handle.db.execute(sql`select to_char(u.window_start at time zone 'UTC', 'YYYY-MM-DD') as day,
      to_jsonb(u) as r from usage_events u where u.org_id = ${orgId}::uuid order by u.id`),
  );
}

const minus = (a: string, b: string) => {
  const d = parseDecimal(b)!;
  return sumDecimals([a, formatDecimal({ units: -d.units, scale: d.scale })]);
};
/** |computed - billed| <= 0.1% of billed, exactly (no float). */
function withinTenthOfPercent(computed: string, billed: string): boolean {
  const diff = parseDecimal(minus(computed, billed))!;
  const b = parseDecimal(billed)!;
  const abs = diff.units < 0n ? -diff.units : diff.units;
  // abs/10^ds <= b/10^bs / 1000
  return abs * 1000n * 10n ** BigInt(b.scale) <= b.units * 10n ** BigInt(diff.scale);
}

/** Model-less line items and the usage endpoint each bills. */
const ENDPOINT_LINES: Record<string, string> = {
  "web search tool calls": "web_search_calls",
  "file search tool calls": "file_search_calls",
  "code interpreter sessions": "code_interpreter_sessions",
  "vector store storage": "vector_stores",
};
const MODEL_LINE_ENDPOINT: Record<string, string> = {
  "image generation": "images",
  "image edit": "images",
  "image variation": "images",
  speech: "audio_speeches",
  transcription: "audio_transcriptions",
};

/** The bucket of a billed line item: `<endpoint> <model>`, tokens for completions/embeddings, or the endpoint alone. */
function bucketOfLine(line: string): string {
  if (ENDPOINT_LINES[line]) return ENDPOINT_LINES[line];
  const [model, kind] = line.split(", ") as [string, string];
  return `${MODEL_LINE_ENDPOINT[kind] ?? "tokens"} ${model}`;
}
/** The bucket of a usage row, the same way. */
function bucketOfUsage(endpoint: string, model: string): string {
  if (Object.values(ENDPOINT_LINES).includes(endpoint)) return endpoint;
  const base = endpoint === "completions" || endpoint === "embeddings" ? "tokens" : endpoint;
  return `${base} ${model}`;
}

describe("computed cost against the emulator's bill, every OpenAI endpoint on", () => {
  it("covers every extra endpoint and cached audio tokens of the audio model", async () => {
    const rows = (await storedUsage()).map((s) => s.r);
    for (const endpoint of [
      "moderations",
      "images",
      "audio_speeches",
      "audio_transcriptions",
      "vector_stores",
      "code_interpreter_sessions",
      "web_search_calls",
      "file_search_calls",
    ]) {
      expect(
        rows.some((r) => r.endpoint === endpoint && r.cost_usd !== null && Number(r.cost_usd) > 0) ||
          endpoint === "moderations",
        endpoint,
      ).toBe(true);
      expect(
        rows.some((r) => r.endpoint === endpoint),
        endpoint,
      ).toBe(true);
    }
    expect(
      rows.some((r) => String(r.model).startsWith("gpt-4o-audio-preview") && Number(r.input_cached_audio_tokens) > 0),
    ).toBe(true);
    expect(rows.some((r) => r.endpoint === "web_search_calls" && String(r.model).startsWith("gpt-4.1-mini"))).toBe(
      true,
    );
  });

  it("is within 0.1% of the billed cost for every priced model and endpoint; nothing billed is left out", async () => {
    const billedRows = rowsOf<{ line_item: string; amount: string }>(
      await handle.db.execute(sql`select line_item, amount_usd::text as amount from cost_events
        where org_id = ${orgId}::uuid and day >= ${WINDOW.start}::date and day <= ${WINDOW.end}::date`),
    );
    const billed = new Map<string, string[]>();
    for (const r of billedRows)
      billed.set(bucketOfLine(r.line_item), [...(billed.get(bucketOfLine(r.line_item)) ?? []), r.amount]);
    const computed = new Map<string, string[]>();
    const unpriced = new Set<string>();
    let moderations = 0;
    for (const { r, day } of await storedUsage()) {
      const usage = usageFromStoredRow(r);
      const cost = r.cost_usd === null ? null : String(r.cost_usd);
      expect(cost, `${usage.model} ${day}`).toBe(priceUsageRow(usage, day));
      if (usage.endpoint === "moderations") {
        expect(cost).toBe("0");
        moderations++;
        continue;
      }
      if (cost === null) {
        unpriced.add(`${usage.endpoint} ${usage.model} ${usage.imageSize ?? ""}`.trim());
        continue;
      }
      const bucket = bucketOfUsage(usage.endpoint ?? "completions", usage.model);
      computed.set(bucket, [...(computed.get(bucket) ?? []), cost]);
    }
    expect(moderations).toBeGreaterThan(0);
    console.info("unpriced (unbilled by the emulator too):", [...unpriced].sort());
    // Only usage OpenAI's list has no price for in the usage API's unit (and the emulator bills none of it:
    // a billed bucket without a computed one, or a model bucket billed for more, fails below).
    expect(unpriced.has("audio_speeches gpt-4o-mini-tts")).toBe(true);
    for (const u of unpriced)
      expect(u, u).toMatch(/^(images (gpt-image-1|dall-e-[23]) \d+x\d+|audio_speeches gpt-4o-mini-tts)$/);

    const report = [...computed]
      .map(([bucket, parts]) => ({ bucket, computed: sumDecimals(parts), billed: billed.get(bucket) ?? null }))
      .sort((a, b) => (a.bucket < b.bucket ? -1 : 1));
    console.info(
      report.map((r) => `  ${r.bucket}: ${r.computed} vs ${r.billed ? sumDecimals(r.billed) : null}`).join("\n"),
    );
    // 17 completions/embeddings models at least partly, and every priced extra endpoint.
    for (const must of [
      "web_search_calls",
      "file_search_calls",
      "code_interpreter_sessions",
      "vector_stores",
      "tokens gpt-4o-audio-preview-2024-12-17",
      "tokens gpt-4.1-mini-2025-04-14",
    ])
      expect(computed.has(must), must).toBe(true);
    for (const prefix of ["images ", "audio_speeches ", "audio_transcriptions ", "tokens text-embedding"])
      expect(
        [...computed.keys()].some((k) => k.startsWith(prefix)),
        prefix,
      ).toBe(true);
    expect(report.length).toBeGreaterThan(20);
    for (const r of report) {
      expect(r.billed, `${r.bucket} has no billed cost`).not.toBeNull();
      const b = sumDecimals(r.billed!);
      expect(withinTenthOfPercent(r.computed, b), `${r.bucket}: ${r.computed} vs ${b}`).toBe(true);
    }
    expect([...billed.keys()].filter((k) => !computed.has(k))).toEqual([]);
  });

  it("shows a capture rate of 1, unflagged, on every closed day and project", async () => {
    const view = await getReconciliation(handle.db, actor, WINDOW, { now: NOW });
    expect(view.range).toEqual(WINDOW);
    // 10 days x 3 projects (a project with no usage on a day has no row).
    expect(view.days.length).toBeGreaterThan(20);
    for (const row of view.days) {
      const label = `${row.day} ${row.provider} ${row.projectId ?? ""}: ${row.computedUsd} vs ${row.billedUsd}`;
      expect(row.provider, label).toBe("openai");
      expect(row.billedUsd, label).not.toBeNull();
      expect(row.captureRate, label).toBe("1");
      expect(row.flagged, label).toBe(false);
    }
  });
});
