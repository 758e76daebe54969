/**
 * Raw requests for the security and fuzz tests: the path and query are sent exactly as written
 * (malformed escapes stay malformed), every request carries a deadline, and a server action is
 * called the way Next's client calls it.
 */
import { readFileSync } from "node:fs";
import path from "node:path";

export const REQUEST_TIMEOUT_MS = 15_000;

export interface ProbeRequest {
  method: string;
  /** Path plus query string, already percent-encoded. */
  path: string;
  headers?: Record<string, string>;
  body?: string | Uint8Array;
}

export interface ProbeResponse {
  status: number;
  text: string;
  headers: Headers;
}

/** Thrown when the server does not answer (headers and whole body) before the deadline. */
export class NoAnswer extends Error {
  constructor(
    readonly request: string,
    readonly reason: string,
  ) {
    super(`${request}: no complete answer (${reason})`);
    this.name = "NoAnswer";
  }
}

/** Headers a page of our own origin sends, so the CSRF and content-type checks let it through. */
export function sameOriginHeaders(appUrl: string, cookie?: string): Record<string, string> {
  return {
    origin: appUrl,
    "sec-fetch-site": "same-origin",
    ...(cookie ? { cookie } : {}),
  };
}

export async function probe(appUrl: string, req: ProbeRequest, timeoutMs = REQUEST_TIMEOUT_MS): Promise<ProbeResponse> {
  const label = `${req.method} ${req.path.length > 120 ? `${req.path.slice(0, 120)}…` : req.path}`;
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const res = await fetch(`${appUrl}${req.path}`, {
      method: req.method,
      headers: req.headers,
      body: req.body as BodyInit | undefined,
      redirect: "manual",
      signal,
    });
    // The body counts: a stream cut halfway is no answer either.
    const text = await res.text();
    return { status: res.status, text, headers: res.headers };
  } catch (e) {
    const reason = signal.aborted
      ? `timed out after ${timeoutMs} ms`
      : e instanceof Error
        ? `${e.message}${e.cause instanceof Error ? `: ${e.cause.message}` : ""}`
        : String(e);
    throw new NoAnswer(label, reason);
  }
}

/** /api/health answers 200 within the deadline. */
export async function isHealthy(appUrl: string, timeoutMs = 5_000): Promise<boolean> {
  try {
    return (await probe(appUrl, { method: "GET", path: "/api/health" }, timeoutMs)).status === 200;
  } catch {
    return false;
  }
}

export interface BuiltAction {
  id: string;
  /** The declaring module, relative to the project: `src/app/dashboard/actions.ts`. */
  file: string;
  exportedName: string;
  /** Bundles that hold it, e.g. `app/analytics/page`. */
  workers: string[];
}

/** Every server action in the production build, from Next's server-reference manifest. */
export function builtActions(root = process.cwd()): BuiltAction[] {
  const file = path.join(root, ".next", "server", "server-reference-manifest.json");
  const manifest = JSON.parse(readFileSync(file, "utf8")) as {
    node: Record<string, { filename: string; exportedName: string; workers: Record<string, unknown> }>;
  };
  return Object.entries(manifest.node).map(([id, a]) => ({
    id,
    file: a.filename,
    exportedName: a.exportedName,
    workers: Object.keys(a.workers),
  }));
}

/**
 * React's reply encoding for JSON-like arguments (what `encodeReply` produces as a string): a JSON
 * array whose strings starting with `$` get one more `$`, since `$` marks references.
 */
export function encodeActionArgs(args: unknown[]): string {
  return JSON.stringify(args, (_key, value: unknown) =>
    typeof value === "string" && value.startsWith("$") ? `$${value}` : value,
  );
}

/** POSTs to the page with the `Next-Action` header and a text/plain body, as Next's client does. */
export function actionRequest(
  appUrl: string,
  action: { id: string; page: string },
  body: string | Uint8Array,
  cookie?: string,
): ProbeRequest {
  return {
    method: "POST",
    path: action.page,
    headers: {
      ...sameOriginHeaders(appUrl, cookie),
      accept: "text/x-component",
      "next-action": action.id,
      "content-type": "text/plain;charset=UTF-8",
    },
    body,
  };
}
