/**
 * The pieces every provider client builds its requests from: the key check, the base URL, the
 * query string and the JSON body. Messages name the provider ("The Anthropic base URL ...").
 */
import { ProviderError } from "./errors";

export type QueryValue = string | number | boolean | readonly string[] | undefined;
export type Query = Record<string, QueryValue>;

/** The trimmed key; a key with spaces or line breaks would make fetch throw an error quoting the header value. */
export function usableApiKey(raw: string, provider: string): string {
  const apiKey = raw.trim();
  if (!apiKey || /[\s\u0000-\u001f\u007f]/.test(apiKey)) {
    throw new ProviderError(
      "AUTH_FAILED",
      `The ${provider} key is empty or contains spaces or line breaks; paste it again.`,
    );
  }
  return apiKey;
}

export function normalizeBaseUrl(raw: string, provider: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ProviderError("BAD_REQUEST", `The ${provider} base URL is not a valid URL.`);
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") {
    throw new ProviderError("BAD_REQUEST", `The ${provider} base URL must start with https:// or http://.`);
  }
  if (url.username || url.password || url.search || url.hash) {
    throw new ProviderError(
      "BAD_REQUEST",
      `The ${provider} base URL must not contain credentials, a query or a fragment.`,
    );
  }
  return url.origin + url.pathname.replace(/\/+$/, "");
}

/**
 * Arrays become repeated keys: OpenAI takes `group_by=a&group_by=b`, Anthropic's list parameters
 * carry the brackets in their name (`group_by[]=a&group_by[]=b`).
 */
export function buildUrl(baseUrl: string, path: string, query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) params.append(key, v);
    else params.append(key, String(value));
  }
  const qs = params.toString();
  return `${baseUrl}${path.startsWith("/") ? path : "/" + path}${qs ? "?" + qs : ""}`;
}

export async function readJsonBody(res: Response, provider: string, path: string): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ProviderError(
      "MALFORMED_RESPONSE",
      `${provider} returned a response that is not JSON for ${path}.`,
      res.status,
    );
  }
}
