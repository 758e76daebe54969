/**
 * Callers of the built app for the route matrix: one per identity (anonymous, a member with a
 * role, another organization's owner), each sending its own credentials (a local session cookie,
 * or a Clerk session token as cookie or bearer), and server actions invoked the way the browser
 * invokes them (POST with `Next-Action`, arguments as JSON, the result read from the RSC reply).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { ERROR_STATUS, type ErrorCode } from "@/lib/errors";
import { ORG_HEADER } from "@/lib/orgs/actor";

export interface Reply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- assertions read whatever came back
  body: any;
  text: string;
  headers: Headers;
}

export interface RequestOptions {
  body?: unknown;
  /** A body sent as is, as JSON (broken JSON and the like). */
  raw?: string;
  /** A server action called like a form: `(previousState, FormData)` with these fields. */
  form?: Record<string, string>;
  /** Act in this organization (`X-CogniTrack-Org`); null = the caller's own default. */
  orgId?: string | null;
  headers?: Record<string, string>;
  /** Leave the caller's credentials out (a token alone). */
  withoutCredentials?: boolean;
}

export interface Caller {
  readonly name: string;
  request(method: string, path: string, opts?: RequestOptions): Promise<Reply>;
  /**
   * A server action; the reply's status is the HTTP status its AppError code maps to (200 when
   * none, 303 when it redirected).
   */
  action(ref: string, args: unknown[], opts?: RequestOptions): Promise<Reply>;
}

export interface ActionEntry {
  id: string;
  /** A page that hosts the action: the browser posts there. */
  page: string;
  ref: string;
}

/** Server actions of the build: `<source file>#<export>` -> id and a page to post to. */
export function readActionIndex(root = process.cwd()): Map<string, ActionEntry> {
  const manifest = JSON.parse(
    readFileSync(path.join(root, ".next", "server", "server-reference-manifest.json"), "utf8"),
  ) as { node: Record<string, { workers: Record<string, unknown>; filename: string; exportedName: string }> };
  const index = new Map<string, ActionEntry>();
  for (const [id, entry] of Object.entries(manifest.node)) {
    const worker = Object.keys(entry.workers).find((w) => w.endsWith("/page") && !w.includes("_not-found"));
    const page = worker ? worker.replace(/^app/, "").replace(/\/page$/, "") || "/" : "/";
    const ref = `${entry.filename}#${entry.exportedName}`;
    index.set(ref, { id, page, ref });
  }
  return index;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** The action's return value from the RSC reply: row 0 points at the row holding it (`"a":"$@1"`). */
export function actionResult(text: string): unknown {
  const rows = new Map<string, string>();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]+):(.*)$/.exec(line);
    if (m) rows.set(m[1]!, m[2]!);
  }
  const head = parseJson(rows.get("0") ?? "null") as { a?: string } | null;
  const pointer = typeof head?.a === "string" && head.a.startsWith("$@") ? head.a.slice(2) : null;
  return pointer ? parseJson(rows.get(pointer) ?? "null") : undefined;
}

/**
 * `(previousState, FormData)` as React's client encodes a form action's arguments: a multipart body
 * whose field "0" holds the argument list, the form as `$K1`, and its fields prefixed `_1_`.
 */
export function encodeFormAction(fields: Record<string, string>, previousState: unknown = { error: null }) {
  const boundary = `----matrix${Math.random().toString(16).slice(2)}`;
  // The root goes last, as the browser sends it: the server resolves `$K1` when the root arrives.
  const parts: [string, string][] = Object.entries(fields).map(([name, value]) => [`_1_${name}`, value]);
  parts.push(["0", JSON.stringify([previousState, "$K1"])]);
  const body =
    parts
      .map(([name, value]) => `--${boundary}\r\ncontent-disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)
      .join("") + `--${boundary}--\r\n`;
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

export function httpCaller(
  baseUrl: string,
  name: string,
  credentials: () => Record<string, string>,
  defaultOrgId: string | null,
  actions: () => Map<string, ActionEntry>,
): Caller {
  const headersFor = (opts: RequestOptions, extra: Record<string, string>) => {
    const orgId = opts.orgId === undefined ? defaultOrgId : opts.orgId;
    return {
      // Browsers send Origin on every mutating request; the CSRF check of the route wrapper expects it.
      origin: baseUrl,
      ...(opts.withoutCredentials ? {} : credentials()),
      ...(orgId ? { [ORG_HEADER]: orgId } : {}),
      ...extra,
      ...opts.headers,
    };
  };
  return {
    name,
    async request(method, urlPath, opts = {}) {
      const body = opts.raw ?? (opts.body !== undefined ? JSON.stringify(opts.body) : undefined);
      const res = await fetch(`${baseUrl}${urlPath}`, {
        method,
        headers: headersFor(opts, body !== undefined ? { "content-type": "application/json" } : {}),
        body,
        redirect: "manual",
      });
      const text = await res.text();
      return { status: res.status, body: parseJson(text), text, headers: res.headers };
    },
    async action(ref, args, opts = {}) {
      const entry = actions().get(ref);
      if (!entry) throw new Error(`server action ${ref} is not in this build's manifest`);
      const form = opts.form ? encodeFormAction(opts.form) : null;
      const res = await fetch(`${baseUrl}${entry.page}`, {
        method: "POST",
        headers: headersFor(opts, {
          "next-action": entry.id,
          "content-type": form?.contentType ?? "text/plain;charset=UTF-8",
          accept: "text/x-component",
        }),
        body: form?.body ?? JSON.stringify(args),
        redirect: "manual",
      });
      const text = await res.text();
      const body = actionResult(text) as { code?: ErrorCode } | undefined;
      const code = body && typeof body === "object" ? body.code : undefined;
      // A redirect from an action arrives as a 200 carrying the next page and `x-action-redirect`.
      const redirected = res.status === 200 && res.headers.get("x-action-redirect");
      const status = redirected ? 303 : res.status === 200 && code ? ERROR_STATUS[code] : res.status;
      return { status, body, text, headers: res.headers };
    },
  };
}
