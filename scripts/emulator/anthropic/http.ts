// Anthropic-shaped errors, x-api-key authentication and the fault modes as Anthropic sends them.

import type { IncomingHttpHeaders } from "node:http";
import { retryAfterHeader, type FaultRule } from "../faults";
import type { EmulatorResponse } from "../http-util";
import type { AnthropicCredential } from "./types";

/** Versions the Admin API accepts; anything else is a 400, as from the real API. */
export const ACCEPTED_VERSIONS = ["2023-06-01", "2023-01-01"];

export function anthropicError(status: number, type: string, message: string): EmulatorResponse {
  return { status, body: { type: "error", error: { type, message } } };
}

export const anthropicErrors = {
  missingKey: () => anthropicError(401, "authentication_error", "x-api-key header is required"),
  invalidKey: () => anthropicError(401, "authentication_error", "invalid x-api-key"),
  notAdmin: () =>
    anthropicError(
      403,
      "permission_error",
      "This API key does not have permission to use the Admin API. Use an Admin key (sk-ant-admin...).",
    ),
  badVersion: (value: string | undefined) =>
    anthropicError(
      400,
      "invalid_request_error",
      value ? `anthropic-version: unknown version '${value}'` : "anthropic-version: header is required",
    ),
  invalidParam: (message: string) => anthropicError(400, "invalid_request_error", message),
  notFound: (path: string) => anthropicError(404, "not_found_error", `Not found: ${path}`),
};

export function apiKeyOf(headers: IncomingHttpHeaders): string | null {
  const value = headers["x-api-key"];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : null;
}

export function authenticateAnthropic(
  headers: IncomingHttpHeaders,
  credentials: ReadonlyMap<string, AnthropicCredential>,
): AnthropicCredential | EmulatorResponse {
  const key = apiKeyOf(headers);
  // A Bearer token is not how the Admin API authenticates: it asks for x-api-key.
  if (key === null) return anthropicErrors.missingKey();
  const credential = credentials.get(key);
  if (!credential) return anthropicErrors.invalidKey();
  const version = headers["anthropic-version"];
  if (typeof version !== "string" || !ACCEPTED_VERSIONS.includes(version)) {
    return anthropicErrors.badVersion(typeof version === "string" ? version : undefined);
  }
  if (credential.kind !== "admin") return anthropicErrors.notAdmin();
  return credential;
}

/** Faults that replace the response outright, Anthropic-shaped; null for the ones that delay or alter it. */
export function anthropicFaultResponse(rule: FaultRule, nowMs: number): EmulatorResponse | null {
  switch (rule.fault) {
    case "rate_limit": {
      const response = anthropicError(429, "rate_limit_error", "Number of requests has exceeded your rate limit.");
      response.headers = {
        "retry-after": retryAfterHeader(rule, nowMs),
        "anthropic-ratelimit-requests-limit": "50",
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": new Date(nowMs + (rule.retryAfterSeconds ?? 1) * 1000).toISOString(),
      };
      return response;
    }
    case "server_error":
      return anthropicError(500, "api_error", "Internal server error");
    case "unavailable": {
      const response = anthropicError(503, "api_error", "Service unavailable");
      response.headers = { "retry-after": retryAfterHeader(rule, nowMs) };
      return response;
    }
    case "overloaded": {
      const response = anthropicError(529, "overloaded_error", "Overloaded");
      if (rule.retryAfterSeconds !== undefined) response.headers = { "retry-after": retryAfterHeader(rule, nowMs) };
      return response;
    }
    case "forbidden":
      return anthropicErrors.notAdmin();
    case "unauthorized":
      return anthropicErrors.invalidKey();
    default:
      return null;
  }
}
