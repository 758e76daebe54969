// Response helpers and OpenAI-shaped error bodies.

import type { IncomingMessage, ServerResponse } from "node:http";
import { stringifyJson } from "./raw-json";

export interface OpenAiErrorBody {
  error: { message: string; type: string; param: string | null; code: string | null };
}

/** A response the router has decided on, before fault modes get a chance to alter it. */
export interface EmulatorResponse {
  status: number;
  headers?: Record<string, string>;
  /** JSON value, or a raw string body when `raw` is set */
  body: unknown;
  raw?: boolean;
}

export function openAiError(
  status: number,
  message: string,
  type = "invalid_request_error",
  code: string | null = null,
  param: string | null = null,
): EmulatorResponse {
  const body: OpenAiErrorBody = { error: { message, type, param, code } };
  return { status, body };
}

/** "sk-proj-emu-42-1-1" -> "sk-...-1-1". Never returns the full key. */
export function maskKey(key: string | null | undefined): string | null {
  if (!key) return null;
  if (key.length < 12) return "***";
  return `${key.slice(0, 3)}...${key.slice(-4)}`;
}

export const errors = {
  missingKey: () =>
    openAiError(
      401,
      "You didn't provide an API key. You need to provide your API key in an Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY).",
      "invalid_request_error",
      "invalid_api_key",
    ),
  invalidKey: (key: string) =>
    openAiError(
      401,
      `Incorrect API key provided: ${maskKey(key)}. You can find your API key at https://platform.openai.com/account/api-keys.`,
      "invalid_request_error",
      "invalid_api_key",
    ),
  mismatchedOrg: () =>
    openAiError(
      401,
      "OpenAI-Organization header should match organization for API key",
      "invalid_request_error",
      "mismatched_organization",
    ),
  insufficientPermissions: (scope = "api.usage.read") =>
    openAiError(
      403,
      `You have insufficient permissions for this operation. Missing scopes: ${scope}. Check that you have the correct role in your organization (Owner), and if you're using a restricted API key, that it has the necessary scopes.`,
      "invalid_request_error",
      "insufficient_permissions",
    ),
  invalidParam: (param: string, message: string) =>
    openAiError(400, message, "invalid_request_error", "invalid_value", param),
  notFound: (method: string, path: string) =>
    openAiError(404, `Invalid URL (${method} ${path})`, "invalid_request_error", "unknown_url"),
  noSuchObject: (what: string, id: string) =>
    openAiError(404, `No such ${what}: ${id}`, "invalid_request_error", "not_found"),
};

export function send(res: ServerResponse, response: EmulatorResponse): void {
  const text = response.raw ? String(response.body) : stringifyJson(response.body);
  res.writeHead(response.status, {
    "content-type": response.raw ? "text/plain; charset=utf-8" : "application/json",
    ...response.headers,
  });
  res.end(text);
}

export async function readBody(req: IncomingMessage, maxBytes = 64 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error("request body too large");
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Repeatable query params accept both `name[]=a&name[]=b` and `name=a&name=b`. */
export function getList(query: URLSearchParams, name: string): string[] {
  return [...query.getAll(`${name}[]`), ...query.getAll(name)];
}
