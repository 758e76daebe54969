/**
 * Requests with exactly the headers a test chooses (Origin, Sec-Fetch-Site, Content-Type), as a
 * victim's browser or an attacker's page would send them, carrying a session cookie by hand.
 */
import { randomUUID } from "node:crypto";
import { env } from "./api-client";

export const FOREIGN_ORIGIN = "http://evil.example";
export const PASSWORD = "correct horse battery";

export interface RawResponse {
  status: number;
  text: string;
  json: { error?: { code?: string; message?: string } } & Record<string, unknown>;
  headers: Headers;
  /** `name=value` of the session cookie set by this response, if any. */
  setCookie: string | null;
}

export interface RawRequest {
  method?: string;
  cookie?: string;
  headers?: Record<string, string>;
  /** Sent as is; objects are JSON-encoded (the Content-Type is still whatever `headers` says). */
  body?: string | object;
}

export async function send(path: string, req: RawRequest = {}): Promise<RawResponse> {
  const res = await fetch(`${env().appUrl}${path}`, {
    method: req.method ?? "GET",
    headers: { ...(req.cookie ? { cookie: req.cookie } : {}), ...req.headers },
    body: req.body === undefined ? undefined : typeof req.body === "string" ? req.body : JSON.stringify(req.body),
    redirect: "manual",
  });
  const text = await res.text();
  let json: RawResponse["json"] = {};
  try {
    json = JSON.parse(text) as RawResponse["json"];
  } catch {
    /* not JSON */
  }
  const setCookie = res.headers.get("set-cookie");
  return {
    status: res.status,
    text,
    json,
    headers: res.headers,
    setCookie: setCookie && !/Max-Age=0|Expires=Thu, 01 Jan 1970/i.test(setCookie) ? setCookie.split(";")[0]! : null,
  };
}

export const sameOrigin = () => ({ origin: env().appUrl });
export const foreign = () => ({ origin: FOREIGN_ORIGIN });
export const JSON_TYPE = { "content-type": "application/json" };
export const TEXT_TYPE = { "content-type": "text/plain;charset=UTF-8" };

export const newEmail = (label: string) => `${label}-${randomUUID().slice(0, 8)}@example.com`;

/** A fresh account and its first session cookie (sent like a CLI: no Origin, JSON). */
export async function signUpSession(label: string): Promise<{ email: string; cookie: string }> {
  const email = newEmail(label);
  const res = await send("/api/auth/sign-up", {
    method: "POST",
    headers: JSON_TYPE,
    body: { email, password: PASSWORD },
  });
  if (res.status !== 201 || !res.setCookie) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  return { email, cookie: res.setCookie };
}

/** Another session for an existing account, as a second browser or device would get. */
export async function signInSession(email: string): Promise<string> {
  const res = await send("/api/auth/sign-in", {
    method: "POST",
    headers: JSON_TYPE,
    body: { email, password: PASSWORD },
  });
  if (res.status !== 200 || !res.setCookie) throw new Error(`sign-in failed: ${res.status} ${res.text}`);
  return res.setCookie;
}

/** Whether a session cookie still signs its holder in. */
export async function sessionWorks(cookie: string): Promise<boolean> {
  const res = await send("/api/keys", { cookie });
  if (res.status !== 200 && res.status !== 401) throw new Error(`unexpected ${res.status}: ${res.text}`);
  return res.status === 200;
}
