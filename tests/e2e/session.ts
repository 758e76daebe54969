/** A fresh account on a running app, signed in over HTTP, with its session cookie at hand. */
import { randomUUID } from "node:crypto";
import { probe, sameOriginHeaders } from "./http-probe";

export const TEST_PASSWORD = "correct horse battery";

export interface Session {
  email: string;
  /** `ct_session=<value>`, ready for a Cookie header. */
  cookie: string;
}

export async function signUpSession(appUrl: string, label: string): Promise<Session> {
  const email = `${label}-${randomUUID().slice(0, 8)}@example.com`;
  const res = await probe(appUrl, {
    method: "POST",
    path: "/api/auth/sign-up",
    headers: { ...sameOriginHeaders(appUrl), "content-type": "application/json" },
    body: JSON.stringify({ email, password: TEST_PASSWORD }),
  });
  const cookie = res.headers.get("set-cookie")?.split(";")[0];
  if (res.status !== 201 || !cookie) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
  return { email, cookie };
}

/** JSON in and out as the signed-in user (or anonymously without a cookie). */
export async function callJson<T = Record<string, unknown>>(
  appUrl: string,
  method: string,
  path: string,
  cookie?: string,
  body?: unknown,
): Promise<{ status: number; body: T; text: string }> {
  const res = await probe(appUrl, {
    method,
    path,
    headers: {
      ...sameOriginHeaders(appUrl, cookie),
      ...(body !== undefined ? { "content-type": "application/json" } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  let parsed: unknown = res.text;
  try {
    parsed = JSON.parse(res.text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed as T, text: res.text };
}
