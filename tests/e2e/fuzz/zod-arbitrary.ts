/**
 * A small zod (v4) -> fast-check walker: values shaped by a route's own schema, so the fuzzer gets
 * past validation and reaches the code behind it, with hostile values mixed into every field.
 * Covers what our route schemas use: strict objects, strings (lengths, uuid, email, regex),
 * enums, literals, numbers, booleans, optional/nullable/default, pipes and preprocess, unions,
 * arrays. Anything else becomes an arbitrary JSON value.
 */
import fc from "fast-check";
import type { z } from "zod";
import { hostileJson } from "./hostile";

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  out?: z.ZodType;
  options?: z.ZodType[];
  entries?: Record<string, string | number>;
  values?: unknown[];
  element?: z.ZodType;
  format?: string;
  pattern?: RegExp;
  checks?: { _zod: { def: CheckDef } }[];
}

interface CheckDef {
  check: string;
  minimum?: number;
  maximum?: number;
  value?: number;
  inclusive?: boolean;
  format?: string;
  pattern?: RegExp;
}

export interface WalkOptions {
  /** Share of hostile values in each field, 0..1 (0 = only schema-shaped values). */
  hostileShare?: number;
  /**
   * Fragments spliced into otherwise valid strings (NUL, a lone surrogate, CRLF...): the value
   * keeps its length and shape, so it passes the schema and reaches the code behind it.
   */
  taint?: fc.Arbitrary<string>;
  /** Per field name: a better generator than the schema can describe (dates behind a refine). */
  fields?: Record<string, fc.Arbitrary<unknown>>;
}

const defOf = (schema: z.ZodType) => (schema as unknown as { _zod: { def: Def } })._zod.def;

function checksOf(def: Def): CheckDef[] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function stringArbitrary(def: Def, taint?: fc.Arbitrary<string>): fc.Arbitrary<string> {
  const clean = cleanStringArbitrary(def);
  if (!taint) return clean;
  const max = Math.min(
    ...checksOf(def)
      .filter((c) => c.check === "max_length")
      .map((c) => c.maximum ?? Infinity),
  );
  const tainted = fc.tuple(clean, taint, fc.nat()).map(([s, fragment, at]) => {
    const room = Number.isFinite(max) ? Math.max(0, max - fragment.length) : s.length;
    const base = s.slice(0, room);
    const i = at % (base.length + 1);
    return base.slice(0, i) + fragment + base.slice(i);
  });
  return fc.oneof({ arbitrary: clean, weight: 2 }, { arbitrary: tainted, weight: 1 });
}

function cleanStringArbitrary(def: Def): fc.Arbitrary<string> {
  const checks = checksOf(def);
  const min = Math.max(0, ...checks.filter((c) => c.check === "min_length").map((c) => c.minimum ?? 0));
  const maxes = checks.filter((c) => c.check === "max_length").map((c) => c.maximum ?? 0);
  const max = maxes.length ? Math.min(...maxes) : Math.max(min + 40, 40);
  const format = def.format ?? checks.find((c) => c.check === "string_format")?.format;
  const pattern = def.pattern ?? checks.find((c) => c.format === "regex")?.pattern;
  if (format === "uuid" || format === "guid") return fc.uuid();
  if (format === "email") return fc.emailAddress();
  const fitted = (s: string) => {
    const points = [...s];
    if (points.length === 0) return s;
    const padded =
      points.length < min ? Array.from({ length: Math.ceil(min / points.length) }, () => points).flat() : points;
    return padded.slice(0, max).join("");
  };
  if (pattern) return fc.stringMatching(pattern).map(fitted);
  return fc
    .string({ minLength: min, maxLength: Math.min(max, min + 60), unit: "grapheme" })
    .map((s) => withinLength(s, min, max));
}

/** zod (4.6) counts code points, fast-check graphemes: cut whole code points to fit, pad if short. */
function withinLength(s: string, min: number, max: number): string {
  const points = [...s].slice(0, max);
  while (points.length < min) points.push("a");
  return points.join("");
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  const checks = checksOf(def);
  const isInt = checks.some((c) => c.check === "number_format" && /int/.test(c.format ?? ""));
  const lower = checks.find((c) => c.check === "greater_than")?.value;
  const upper = checks.find((c) => c.check === "less_than")?.value;
  const min = lower ?? -1_000_000;
  const max = upper ?? 1_000_000;
  return isInt ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) }) : fc.double({ min, max, noNaN: true });
}

/**
 * Values for `schema`; `name` is the field it sits in (for the per-field overrides). With a
 * hostileShare, that share of objects gets one field replaced by a hostile value (a wrong type,
 * a calendar edge, deep nesting), so most requests stay valid enough to get past validation.
 */
export function zodArbitrary(schema: z.ZodType, options: WalkOptions = {}, name?: string): fc.Arbitrary<unknown> {
  return shapedArbitrary(schema, options, name);
}

function shapedArbitrary(schema: z.ZodType, options: WalkOptions, name?: string): fc.Arbitrary<unknown> {
  const override = name !== undefined ? options.fields?.[name] : undefined;
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
      return fc.option(shapedOrOverride(def.innerType!, options, name, override), { nil: undefined, freq: 2 });
    case "nullable":
      return fc.option(shapedOrOverride(def.innerType!, options, name, override), { nil: null, freq: 4 });
    case "default":
    case "prefault":
    case "catch":
    case "readonly":
      return fc.option(shapedOrOverride(def.innerType!, options, name, override), { nil: undefined, freq: 2 });
    case "pipe":
      // A preprocess or transform on the way in: generate what the next step accepts.
      return defOf(def.in!).type === "transform"
        ? shapedArbitrary(def.out!, options, name)
        : shapedArbitrary(def.in!, options, name);
  }
  if (override) return override;
  switch (def.type) {
    case "object":
      return objectArbitrary(def, options);
    case "string":
      return stringArbitrary(def, options.taint);
    case "number":
      return numberArbitrary(def);
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...Object.values(def.entries!));
    case "literal":
      return fc.constantFrom(...def.values!);
    case "union":
      return fc.oneof(...def.options!.map((o) => shapedArbitrary(o, options, name)));
    case "array":
      return fc.array(shapedArbitrary(def.element!, options), { maxLength: 5 });
    case "null":
      return fc.constant(null);
    default:
      return fc.jsonValue({ maxDepth: 2 });
  }
}

function shapedOrOverride(
  inner: z.ZodType,
  options: WalkOptions,
  name: string | undefined,
  override: fc.Arbitrary<unknown> | undefined,
) {
  return override ?? shapedArbitrary(inner, options, name);
}

function objectArbitrary(def: Def, options: WalkOptions): fc.Arbitrary<Record<string, unknown>> {
  const keys = Object.keys(def.shape ?? {});
  // Optional fields come out undefined now and then (and are dropped); required ones always appear.
  const record = fc.record(Object.fromEntries(keys.map((key) => [key, zodArbitrary(def.shape![key]!, options, key)])));
  const share = options.hostileShare ?? 0;
  if (share <= 0 || keys.length === 0) return record.map(dropUndefined);
  const strict = def.catchall && defOf(def.catchall).type === "never";
  // A field the strict schema does not know, to check it is refused rather than ignored.
  const fieldNames = strict ? [...keys, "admin", "userId", "__proto__", "role"] : keys;
  const hostileWeight = Math.min(9, Math.max(1, Math.round(share * 10)));
  const oneHostileField = fc.oneof(
    { arbitrary: fc.constant(null), weight: 10 - hostileWeight },
    { arbitrary: fc.tuple(fc.constantFrom(...fieldNames), hostileJson), weight: hostileWeight },
  );
  return fc
    .tuple(record, oneHostileField)
    .map(([value, hostile]) => dropUndefined(hostile ? { ...value, [hostile[0]]: hostile[1] } : value));
}

function dropUndefined(value: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}
