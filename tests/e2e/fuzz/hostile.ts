/**
 * Values an attacker (or a broken client) sends: NUL, lone surrogates, CRLF, very long strings,
 * calendar edges, huge and negative numbers, wrong types, deep nesting, malformed encodings.
 * Kept as plain data so a failing case prints readably and replays exactly.
 */
import fc from "fast-check";

export const CALENDAR_EDGES = [
  "0000-01-01",
  "0001-01-01",
  "1969-12-31",
  "1970-01-01",
  "1999-12-31",
  "2023-02-29",
  "2024-02-29",
  "2100-02-29",
  "9999-12-01",
  "9999-12-31",
  "+010000-01-01",
  "-000001-01-01",
  "2024-1-1",
  "2024-01-01T00:00:00Z",
  "2024-00-10",
  "2024-12-32",
];

export const HOSTILE_STRINGS = [
  "",
  " ",
  "\u0000",
  "a\u0000b",
  "\uD800",
  "x\uDC00y",
  "\r\n",
  "a\r\nSet-Cookie: ct_session=x",
  "\t",
  "\u0085\u2028\u2029",
  "\u202Eevil",
  "\uFEFF",
  "x".repeat(10_000),
  "\u{1F642}".repeat(2_000),
  "' OR '1'='1' --",
  "$1",
  "${7*7}",
  "<script>alert(1)</script>",
  '=HYPERLINK("http://evil.example","x")',
  "../../../../etc/passwd",
  "%00",
  "null",
  "undefined",
  "__proto__",
  "NaN",
  "-1",
  "1e309",
  ...CALENDAR_EDGES,
];

/** Spliced into valid strings: each is a class of defect that has reached a database or a header. */
export const TAINTS = [
  "\u0000",
  "\uD800",
  "\uDFFF",
  "\r\n",
  "\u0007",
  "\u001B[31m",
  "\u202E",
  "\u2028",
  "\t",
  "'",
  '"',
  "\\",
  "%00",
  "$1",
  "=",
  "@",
];

/** NUL, a lone surrogate and CRLF have each broken this app before: they come up most often. */
export const taintArbitrary: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constant("\u0000"), weight: 4 },
  { arbitrary: fc.constantFrom("\uD800", "\uDFFF"), weight: 2 },
  { arbitrary: fc.constant("\r\n"), weight: 2 },
  { arbitrary: fc.constantFrom(...TAINTS), weight: 3 },
);

export const HOSTILE_NUMBERS = [
  0,
  -0,
  -1,
  0.5,
  -2_147_483_649,
  4_294_967_296,
  2 ** 53 + 2,
  Number.MAX_SAFE_INTEGER,
  -Number.MAX_SAFE_INTEGER,
  1e308,
  -1e308,
  5e-324,
];

/** JSON nested `depth` levels deep, built without recursion so the generator itself cannot overflow. */
export function deeplyNested(depth: number, kind: "array" | "object"): unknown {
  let value: unknown = "bottom";
  for (let i = 0; i < depth; i++) value = kind === "array" ? [value] : { a: value };
  return value;
}

/** Any JSON value of the wrong shape: hostile strings, odd numbers, wrong types, deep nesting. */
export const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: fc.constantFrom(...HOSTILE_STRINGS), weight: 6 },
  { arbitrary: fc.constantFrom(...HOSTILE_NUMBERS), weight: 2 },
  { arbitrary: fc.constantFrom(null, true, false, [], {}), weight: 2 },
  { arbitrary: fc.constantFrom(["a", 1], { $ne: null }, { toString: "x" }), weight: 1 },
  {
    arbitrary: fc
      .tuple(fc.constantFrom(100, 1_000, 2_000), fc.constantFrom<"array" | "object">("array", "object"))
      .map(([depth, kind]) => deeplyNested(depth, kind)),
    weight: 1,
  },
);

/** Raw request bodies that are not the JSON the route expects (sent byte for byte). */
export const HOSTILE_RAW_BODIES: (string | number[])[] = [
  "{not json",
  "[1, 2",
  '{"label":"a","label":"b"}',
  '{"__proto__":{"admin":true},"constructor":{"prototype":{"admin":true}}}',
  "[".repeat(100_000) + "]".repeat(100_000),
  '{"a":' + "1".repeat(400) + "}",
  "\u0000",
  "null",
  '"just a string"',
  "x".repeat(1024 * 1024 + 10),
  [0xff, 0xfe, 0x7b, 0x7d],
  [0x7b, 0x22, 0x6c, 0x61, 0x62, 0x65, 0x6c, 0x22, 0x3a, 0x22, 0xed, 0xa0, 0x80, 0x22, 0x7d],
];

/**
 * Raw, already percent-encoded query or path pieces: malformed escapes and invalid UTF-8 included.
 * Kept under 4,000 characters: Next answers a path with `..` by a redirect that repeats the query
 * in two headers, and the test's HTTP client refuses response headers over 16 KiB.
 */
export const URL_PIECE_MAX = 4_000;
export const HOSTILE_ENCODED = [
  "%00",
  "%ED%A0%80",
  "%FF",
  "%",
  "%zz",
  "%0D%0A",
  "%E0%A4%A",
  "..%2F..%2Fhealth",
  "%2e%2e",
  "a".repeat(URL_PIECE_MAX),
  "%25",
  "+",
];

/** Header values an HTTP client can carry (CR, LF and NUL are refused before they leave). */
export const HOSTILE_HEADER_VALUES = [
  "",
  " ",
  "Bearer",
  "Bearer ",
  "Bearer undefined",
  "Bearer null",
  "bearer x",
  "Basic dXNlcjpwYXNz",
  "x".repeat(8_000),
  "Bearer \u00e9",
];

/**
 * encodeURIComponent throws on a lone surrogate; this writes it as the WTF-8 bytes a broken client
 * would send, so the server sees the invalid UTF-8 it has to survive.
 */
export function percentEncode(value: string): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    const isHigh = code >= 0xd800 && code <= 0xdbff;
    const next = value.charCodeAt(i + 1);
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      out += encodeURIComponent(value.slice(i, i + 2));
      i++;
    } else if (code >= 0xd800 && code <= 0xdfff) {
      const bytes = [0xe0 | (code >> 12), 0x80 | ((code >> 6) & 0x3f), 0x80 | (code & 0x3f)];
      out += bytes.map((b) => `%${b.toString(16).toUpperCase()}`).join("");
    } else {
      out += encodeURIComponent(value[i]!);
    }
  }
  return out;
}
