// The emulator's price list for images, audio, tools and vector storage is OpenAI's, the same values
// as the app's unit-price table; every row it bills costs what the app computes for that row, and
// every row it does not bill is one the app cannot price (or free moderations).
import { describe, expect, it } from "vitest";
import { generateDataset } from "../../../scripts/emulator/dataset";
import {
  atomUnits,
  EXTRA_CODE_INTERPRETER_PER_SESSION,
  EXTRA_DEFAULT_IMAGE_SIZE,
  EXTRA_FILE_SEARCH_PER_1K,
  EXTRA_IMAGE_PRICES,
  EXTRA_SPEECH_PER_M_CHARS,
  EXTRA_TRANSCRIPTION_PER_MINUTE,
  EXTRA_VECTOR_STORE_PER_GB_DAY,
  EXTRA_WEB_SEARCH_DEFAULT_PER_1K,
  extraCosts,
  webSearchPerThousand,
} from "../../../scripts/emulator/extra-prices";
import { emptyExtraDay, EXTRA_USAGE_KINDS, type ExtraDayUsage } from "../../../scripts/emulator/extra-types";
import { COST_SCALE, completionsCost } from "../../../scripts/emulator/openai-prices";
import { DAY_SECONDS, dayStartOf, type CompletionsRow } from "../../../scripts/emulator/types";
import { formatDecimal, parseDecimal, sumDecimals } from "@/lib/money/decimal";
import { priceUsageRow } from "@/lib/pricing";
import type { PriceableUsage } from "@/lib/pricing/types";
import * as unit from "@/lib/pricing/unit-prices";

const same = (a: string, b: string) => formatDecimal(parseDecimal(a)!) === formatDecimal(parseDecimal(b)!);
const usd = (units: bigint) => formatDecimal({ units, scale: COST_SCALE });
/** The app rounds a row's cost to 10 digits; the emulator's atoms have 11 (exact here: all prices are coarser). */
const asApp = (units: bigint) => {
  expect(units % 10n, "an emulator cost finer than the app's 10 digits").toBe(0n);
  return formatDecimal({ units: units / 10n, scale: COST_SCALE - 1 });
};

describe("emulator extra prices: OpenAI's published list", () => {
  it("equals the app's unit-price table, value for value", () => {
    const appImages = Object.fromEntries(unit.IMAGE_PRICES.map((p) => [p.prefix, p.bySize]));
    expect(Object.keys(EXTRA_IMAGE_PRICES).sort()).toEqual(Object.keys(appImages).sort());
    for (const [model, bySize] of Object.entries(EXTRA_IMAGE_PRICES)) {
      expect(Object.keys(bySize).sort(), model).toEqual(Object.keys(appImages[model]!).sort());
      for (const [size, price] of Object.entries(bySize)) expect(same(price, appImages[model]![size]!)).toBe(true);
    }
    expect(EXTRA_DEFAULT_IMAGE_SIZE).toBe(unit.DEFAULT_IMAGE_SIZE);
    expect(Object.entries(EXTRA_SPEECH_PER_M_CHARS)).toEqual(
      unit.SPEECH_PRICES_PER_M_CHARS.map((p) => [p.prefix, p.price]),
    );
    expect(Object.entries(EXTRA_TRANSCRIPTION_PER_MINUTE)).toEqual(
      unit.TRANSCRIPTION_PRICES_PER_MINUTE.map((p) => [p.prefix, p.price]),
    );
    expect(same(EXTRA_VECTOR_STORE_PER_GB_DAY, unit.VECTOR_STORE_PER_GB_DAY)).toBe(true);
    expect(same(EXTRA_CODE_INTERPRETER_PER_SESSION, unit.CODE_INTERPRETER_PER_SESSION)).toBe(true);
    expect(same(EXTRA_WEB_SEARCH_DEFAULT_PER_1K, unit.WEB_SEARCH_PER_1K_CALLS)).toBe(true);
    expect(same(EXTRA_FILE_SEARCH_PER_1K, unit.FILE_SEARCH_PER_1K_CALLS)).toBe(true);
    expect(webSearchPerThousand("gpt-4.1-mini-2025-04-14")).toBe("10");
  });

  it("refuses a price it cannot hold exactly", () => {
    expect(atomUnits("0.006", 60n)).toBe(10_000_000n);
    expect(() => atomUnits("0.01", 7n)).toThrow(RangeError);
    expect(() => atomUnits("0.000000000001")).toThrow(RangeError);
  });
});

type Row = Record<string, unknown> & { project_id: string | null };

/** The app's view of one extra row, as ingestion normalizes it (src/lib/providers/openai/normalize-units.ts). */
function priceable(kind: (typeof EXTRA_USAGE_KINDS)[number], r: Row): PriceableUsage {
  const base = {
    provider: "openai",
    endpoint: kind,
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    requests: null,
    batch: null,
    serviceTier: null,
  };
  const model = (r.model as string | undefined) ?? kind;
  switch (kind) {
    case "moderations":
      return { ...base, model, inputTokens: r.input_tokens as number };
    case "images":
      return { ...base, model, images: r.images as number, imageSize: r.size as string };
    case "audio_speeches":
      return { ...base, model, characters: r.characters as number };
    case "audio_transcriptions":
      return { ...base, model, audioSeconds: r.seconds as number };
    case "vector_stores":
      return { ...base, model, usageBytes: r.usage_bytes as number };
    case "code_interpreter_sessions":
      return { ...base, model, sessions: r.num_sessions as number };
    default:
      return { ...base, model, toolCalls: r.num_requests as number };
  }
}

describe("emulator extra prices: the bill of each row", () => {
  const dataset = generateDataset({
    seed: 7,
    projects: 3,
    apiKeysPerProject: 3,
    users: 3,
    models: 17,
    days: 10,
    endDate: "2026-10-31",
    density: 0.9,
    extraUsage: true,
  });
  const days = Array.from({ length: 10 }, (_, i) => dayStartOf("2026-10-22") + i * DAY_SECONDS);

  it("is what the app computes for every billed row; an unbilled row is unpriced by the app or free", () => {
    const billedKinds = new Set<string>();
    const unbilled = new Set<string>();
    for (const dayStart of days) {
      const day = dataset.extraUsage!(dayStart);
      const date = new Date(dayStart * 1000).toISOString().slice(0, 10);
      for (const kind of EXTRA_USAGE_KINDS) {
        for (const row of day[kind] as unknown as Row[]) {
          const single: ExtraDayUsage = { ...emptyExtraDay(), [kind]: [row] };
          const atoms = extraCosts(single);
          const app = priceUsageRow(priceable(kind, row), date);
          if (atoms.length === 0) {
            unbilled.add(`${kind} ${String(row.model ?? "")} ${String(row.size ?? "")}`);
            expect(app === null || (kind === "moderations" && app === "0"), `${kind} ${app}`).toBe(true);
            continue;
          }
          billedKinds.add(kind);
          expect(atoms).toHaveLength(1);
          expect(atoms[0]!.project_id).toBe(row.project_id);
          expect(atoms[0]!.api_key_id).toBe((row.api_key_id as string | undefined) ?? null);
          expect(asApp(atoms[0]!.units), `${kind} ${JSON.stringify(row)}`).toBe(app);
        }
      }
    }
    // Every endpoint with a price is billed somewhere in the window; moderations never are.
    expect([...billedKinds].sort()).toEqual(EXTRA_USAGE_KINDS.filter((k) => k !== "moderations").sort());
    expect([...unbilled].some((u) => u.startsWith("moderations"))).toBe(true);
  });

  it.each([
    ["gpt-4o-audio-preview-2024-12-17", 3_500, null],
    ["gpt-4o-realtime-preview-2024-12-17", 2_000, 1_500],
  ])(
    "bills cached audio tokens of %s as the app prices them (no published cached audio price: the audio rate)",
    (model, audioQty, cachedAudioQty) => {
      const row: CompletionsRow = {
        project_id: "proj_a",
        user_id: null,
        api_key_id: "key_a",
        model,
        batch: false,
        service_tier: "default",
        input_tokens: 10_000,
        output_tokens: 3_000,
        input_cached_tokens: 4_000,
        input_audio_tokens: 2_000,
        output_audio_tokens: 1_000,
        num_model_requests: 5,
        input_cached_audio_tokens: 1_500,
      };
      const atoms = completionsCost(row);
      expect(atoms.find((a) => a.line_item.endsWith(", audio input"))?.quantity).toBe(audioQty);
      expect(atoms.find((a) => a.line_item.endsWith(", cached audio input"))?.quantity ?? null).toBe(cachedAudioQty);
      expect(atoms.find((a) => a.line_item.endsWith(", cached input"))?.quantity).toBe(2_500);
      const app = priceUsageRow(
        {
          provider: "openai",
          model,
          inputTokens: 10_000,
          cachedInputTokens: 4_000,
          outputTokens: 3_000,
          inputAudioTokens: 2_000,
          inputCachedAudioTokens: 1_500,
          outputAudioTokens: 1_000,
          requests: 5,
          batch: false,
          serviceTier: "default",
        },
        "2026-10-22",
      );
      expect(sumDecimals(atoms.map((a) => asApp(a.units)))).toBe(app);
      expect(usd(atoms.reduce((s, a) => s + a.units, 0n))).not.toBe("0");
    },
  );
});
