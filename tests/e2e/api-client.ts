import { randomUUID } from "node:crypto";
import { inject } from "vitest";

export const env = () => inject("e2e");

export interface ApiResponse<T = unknown> {
  status: number;
  body: T;
  text: string;
  headers: Headers;
}

/** A signed-in API user: cookie kept from sign-up, JSON in and out. */
export class ApiUser {
  constructor(
    readonly email: string,
    private cookie = "",
  ) {}

  static async signUp(label = "user"): Promise<ApiUser> {
    const user = new ApiUser(`${label}-${randomUUID().slice(0, 8)}@example.com`);
    const res = await user.call("POST", "/api/auth/sign-up", { email: user.email, password: "correct horse battery" });
    if (res.status !== 201) throw new Error(`sign-up failed: ${res.status} ${res.text}`);
    return user;
  }

  /** `init.signal` bounds the whole exchange, so a server that hangs fails the test instead. */
  async call<T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    raw?: string,
    init: { signal?: AbortSignal; headers?: Record<string, string> } = {},
  ): Promise<ApiResponse<T>> {
    const res = await fetch(`${env().appUrl}${path}`, {
      method,
      signal: init.signal,
      headers: {
        ...(body !== undefined || raw !== undefined ? { "content-type": "application/json" } : {}),
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...init.headers,
      },
      body: raw ?? (body === undefined ? undefined : JSON.stringify(body)),
      redirect: "manual",
    });
    const setCookie = res.headers.get("set-cookie");
    if (setCookie) this.cookie = setCookie.split(";")[0]!;
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      /* not JSON */
    }
    return { status: res.status, body: parsed as T, text, headers: res.headers };
  }
}

export const anonymous = () => new ApiUser("anonymous");

/** A script holding an API token: `Authorization: Bearer ct_...`, no cookie. */
export function withToken(secret: string) {
  const client = anonymous();
  return <T = Record<string, unknown>>(method: string, path: string, body?: unknown) =>
    client.call<T>(method, path, body, undefined, { headers: { authorization: `Bearer ${secret}` } });
}

export function adminKeyBody(label = "Org admin key") {
  const { admin } = env();
  return { provider: "openai", label, usageMode: "admin", ...admin };
}

/** An Anthropic Admin key of the emulator's Anthropic organization: provider, label and key only. */
export function anthropicKeyBody(label = "Anthropic admin key") {
  return { provider: "anthropic", label, apiKey: env().anthropic.adminKey };
}
