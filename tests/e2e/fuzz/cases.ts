/**
 * Fuzz cases for one route or action: who calls (signed in, anonymous, a tampered cookie), the id
 * in the path, the query string and the body, each drawn from the route's zod schema with hostile
 * values mixed in. A case is plain data (raw strings and bytes), so a failure prints the literal
 * request and a seed replays it.
 */
import fc from "fast-check";
import { actionRequest, encodeActionArgs, sameOriginHeaders, type ProbeRequest } from "../http-probe";
import { encodeFormAction } from "../route-matrix/http";
import type { MatrixRow, RowInput } from "../route-matrix/table";
import {
  CALENDAR_EDGES,
  HOSTILE_ENCODED,
  HOSTILE_HEADER_VALUES,
  HOSTILE_RAW_BODIES,
  HOSTILE_STRINGS,
  hostileJson,
  percentEncode,
  taintArbitrary,
  URL_PIECE_MAX,
} from "./hostile";
import { zodArbitrary } from "./zod-arbitrary";

export type Identity = "signed-in" | "anonymous" | "tampered-cookie";

/**
 * shaped: values the schema accepts, with hostile content spliced in and calendar edges, so they
 * reach the database and the date arithmetic. malformed: what no schema describes: broken
 * percent-encoding, invalid UTF-8, wrong JSON types, deep nesting, oversized bodies.
 */
export type FuzzMode = "shaped" | "malformed";

export interface FuzzCase {
  identity: Identity;
  id?: string;
  query: string;
  body?: string | number[];
  /** Replaces the request's content type (a form action's multipart body). */
  contentType?: string;
  authorization?: string;
}

/** `/api/keys/[id]` with the id filled in (the value is sent as is: hostile ids stay hostile). */
export const fillPath = (template: string, id: string) => template.replace(/\[[^\]]+\]/, id);

/** What the cases may refer to on the target app. */
export interface FuzzWorld {
  appUrl: string;
  cookie: string;
  ownKeyId: string;
  otherKeyId: string;
  cronSecret: string;
  metricsToken: string;
  dataset: { start: string; end: string };
}

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const utcMs = (year: number, month: number, day: number) => {
  const d = new Date(Date.UTC(2000, month - 1, day));
  d.setUTCFullYear(year);
  return d.getTime();
};
/** Days around which ranges are drawn: the ends of the calendar and of the product's data. */
const anchors = (world: FuzzWorld) => [
  utcMs(9999, 12, 31),
  utcMs(0, 1, 1),
  utcMs(1970, 1, 1),
  Date.parse(world.dataset.start),
  Date.parse(world.dataset.end),
  Date.now() + 365 * DAY,
];

export function dateArbitrary(world: FuzzWorld): fc.Arbitrary<string> {
  const start = Date.parse(world.dataset.start);
  return fc.oneof(
    { arbitrary: fc.integer({ min: start - 400 * DAY, max: Date.now() + 400 * DAY }).map(iso), weight: 5 },
    { arbitrary: fc.constantFrom(...CALENDAR_EDGES), weight: 3 },
    { arbitrary: fc.constantFrom(world.dataset.start, world.dataset.end), weight: 1 },
  );
}

/** start..end pairs close to one anchor, in order or reversed: where range loops go wrong. */
function rangeArbitrary(world: FuzzWorld): fc.Arbitrary<{ start: string; end: string }> {
  return fc
    .tuple(fc.constantFrom(...anchors(world)), fc.integer({ min: -60, max: 0 }), fc.integer({ min: -30, max: 30 }))
    .map(([anchor, a, b]) => ({ start: iso(anchor + a * DAY), end: iso(anchor + Math.min(b, 0) * DAY) }));
}

const identityArbitrary = fc.oneof(
  { arbitrary: fc.constant<Identity>("signed-in"), weight: 6 },
  { arbitrary: fc.constant<Identity>("anonymous"), weight: 2 },
  { arbitrary: fc.constant<Identity>("tampered-cookie"), weight: 1 },
);

const hostileRawBody = fc.constantFrom(...HOSTILE_RAW_BODIES);
const urlPieces = HOSTILE_STRINGS.map(percentEncode).filter((s) => s.length <= URL_PIECE_MAX);
const hostileQuery = fc
  .tuple(
    fc.constantFrom("start", "end", "model", "keyId", "view", "limit", "page", "x", "%00"),
    fc.constantFrom(...HOSTILE_ENCODED, ...urlPieces),
  )
  .map(([k, v]) => `?${k}=${v}`);

function idArbitrary(world: FuzzWorld, mode: FuzzMode): fc.Arbitrary<string> {
  if (mode === "malformed") {
    return fc.constantFrom(...HOSTILE_ENCODED, ...urlPieces);
  }
  return fc.oneof(
    { arbitrary: fc.constant(world.ownKeyId), weight: 4 },
    { arbitrary: fc.constant(world.otherKeyId), weight: 2 },
    { arbitrary: fc.uuid(), weight: 2 },
  );
}

const asQueryValue = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? "undefined"));

function renderQuery(value: unknown): string {
  if (!value || typeof value !== "object" || Array.isArray(value)) return `?q=${percentEncode(asQueryValue(value))}`;
  const pairs = Object.entries(value).map(([k, v]) => `${percentEncode(k)}=${percentEncode(asQueryValue(v))}`);
  return pairs.length ? `?${pairs.join("&")}` : "";
}

/** Now and then replaces start/end with a pair drawn around one anchor. */
function withRange(values: fc.Arbitrary<unknown>, world: FuzzWorld): fc.Arbitrary<unknown> {
  return fc
    .tuple(values, fc.option(rangeArbitrary(world), { freq: 2 }))
    .map(([v, range]) =>
      range && v && typeof v === "object" && !Array.isArray(v) && ("start" in v || "end" in v) ? { ...v, ...range } : v,
    );
}

export function routeCases(route: MatrixRow, world: FuzzWorld, mode: FuzzMode): fc.Arbitrary<FuzzCase> {
  const walk = {
    hostileShare: 0.3,
    taint: taintArbitrary,
    fields: { start: dateArbitrary(world), end: dateArbitrary(world), keyId: idArbitrary(world, "shaped") },
  };
  const shaped = mode === "shaped";
  const query = !shaped
    ? hostileQuery
    : route.input?.query
      ? withRange(zodArbitrary(route.input.query, walk), world).map(renderQuery)
      : fc.constant("");
  const body: fc.Arbitrary<string | number[] | undefined> = !shaped
    ? route.method === "GET"
      ? fc.constant(undefined)
      : fc.oneof(
          hostileJson.map((v) => JSON.stringify(v)),
          hostileRawBody,
        )
    : route.input?.body
      ? withRange(zodArbitrary(route.input.body, walk), world).map((v) => JSON.stringify(v))
      : fc.constant(undefined);
  const raw = route.access === "cron" ? world.cronSecret : world.metricsToken;
  const secret = `Bearer ${raw}`;
  const authorization =
    route.access !== "cron" && route.access !== "metrics"
      ? fc.constant(undefined)
      : shaped
        ? fc.constantFrom(secret, `${secret}x`, raw, undefined)
        : fc.constantFrom(...HOSTILE_HEADER_VALUES);
  return fc.record({
    identity: identityArbitrary,
    id: route.route.includes("[") ? idArbitrary(world, mode) : fc.constant(undefined),
    query,
    body,
    authorization,
  });
}

/**
 * Arguments as Next's client encodes them. A body that is not a React reply at all is left out:
 * Next rejects it before any of our code runs (a 500 from the framework, noted in the report).
 * A form action gets a multipart body of its fields (shaped) or plain hostile arguments (malformed).
 */
export function actionCases(input: RowInput | undefined, world: FuzzWorld, mode: FuzzMode): fc.Arbitrary<FuzzCase> {
  const walk = {
    hostileShare: 0.3,
    taint: taintArbitrary,
    fields: { start: dateArbitrary(world), end: dateArbitrary(world) },
  };
  const identity = identityArbitrary;
  if (mode === "shaped" && input?.form) {
    return zodArbitrary(input.form, walk)
      .map((v) => {
        const fields =
          v && typeof v === "object" && !Array.isArray(v)
            ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asQueryValue(x)]))
            : { value: asQueryValue(v) };
        const form = encodeFormAction(fields);
        return { identity: "signed-in" as Identity, query: "", body: form.body, contentType: form.contentType };
      })
      .chain((c) => identity.map((who) => ({ ...c, identity: who })));
  }
  const args =
    mode === "malformed"
      ? fc.array(hostileJson, { maxLength: 3 })
      : input?.args
        ? withRange(zodArbitrary(input.args, walk), world).map((v) => [v])
        : fc.constant<unknown[]>([]);
  return fc.record({ identity, query: fc.constant(""), body: args.map(encodeActionArgs) });
}

function cookieFor(identity: Identity, cookie: string): string | undefined {
  if (identity === "anonymous") return undefined;
  return identity === "tampered-cookie" ? `${cookie}.extra` : cookie;
}

const bytes = (body: string | number[] | undefined) => (Array.isArray(body) ? new Uint8Array(body) : body);

export function routeRequest(route: MatrixRow, c: FuzzCase, world: FuzzWorld): ProbeRequest {
  return {
    method: route.method,
    path: fillPath(route.route, c.id ?? world.ownKeyId) + c.query,
    headers: {
      ...sameOriginHeaders(world.appUrl, cookieFor(c.identity, world.cookie)),
      ...(c.body !== undefined ? { "content-type": "application/json" } : {}),
      ...(c.authorization !== undefined ? { authorization: c.authorization } : {}),
    },
    body: bytes(c.body),
  };
}

export function actionCaseRequest(action: { id: string; page: string }, c: FuzzCase, world: FuzzWorld): ProbeRequest {
  const req = actionRequest(world.appUrl, action, bytes(c.body) ?? "[]", cookieFor(c.identity, world.cookie));
  if (c.contentType) req.headers = { ...req.headers, "content-type": c.contentType };
  return req;
}

/** A case as readable text: long strings shortened, byte bodies as hex. */
export function describeCase(c: FuzzCase): string {
  return JSON.stringify(c, (_k, v: unknown) => {
    if (typeof v === "string" && v.length > 160) return `${v.slice(0, 80)}…(${v.length} chars)…${v.slice(-20)}`;
    if (Array.isArray(v) && v.length > 0 && v.every((b) => typeof b === "number"))
      return `bytes:${Buffer.from(v).toString("hex")}`;
    return v;
  });
}
