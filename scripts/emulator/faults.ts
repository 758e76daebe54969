// Fault injection. Rules are attached to a bearer key (or "*" for every key) and consumed in the
// order they were added: a rule with `count` fires that many times, then the next rule for the key
// (or normal service) takes over. A request can also ask for one fault with `x-emulator-fault`.

import { z } from "zod";
import { errors, openAiError, type EmulatorResponse } from "./http-util";
import { stringifyJson } from "./raw-json";

export const FAULT_MODES = [
  "rate_limit",
  "server_error",
  "unavailable",
  "overloaded",
  "slow",
  "malformed_json",
  "truncated",
  "foreign_next_page",
  "forbidden",
  "unauthorized",
] as const;
export type FaultMode = (typeof FAULT_MODES)[number];

export const faultRuleSchema = z.object({
  key: z.string().min(1),
  fault: z.enum(FAULT_MODES),
  /** how many matching requests it affects; omitted = until cleared */
  count: z.number().int().positive().optional(),
  /** rate_limit / unavailable (default 1) / overloaded (none unless set): Retry-After in seconds */
  retryAfterSeconds: z.number().int().min(0).optional(),
  /** send Retry-After as delta-seconds (default) or as an HTTP date */
  retryAfterFormat: z.enum(["seconds", "http-date"]).optional(),
  /** slow: delay before answering (default 2000) */
  delayMs: z.number().int().min(0).optional(),
  /** only requests to this path match, e.g. "/v1/organization/usage/images" (default: every path) */
  path: z.string().startsWith("/").optional(),
  /** let this many matching requests through first, e.g. 1 with a listing's path = fail from its second page */
  skip: z.number().int().positive().optional(),
});
export type FaultRule = z.infer<typeof faultRuleSchema>;

export const DEFAULT_FOREIGN_NEXT_PAGE = "http://169.254.169.254/latest/meta-data";

export class FaultRegistry {
  private rules: FaultRule[] = [];

  set(rules: FaultRule[]): void {
    this.rules = rules.map((rule) => faultRuleSchema.parse(rule));
  }

  add(rule: FaultRule): void {
    this.rules.push(faultRuleSchema.parse(rule));
  }

  clear(key?: string): void {
    this.rules = key === undefined ? [] : this.rules.filter((rule) => rule.key !== key);
  }

  list(): FaultRule[] {
    return this.rules.map((rule) => ({ ...rule }));
  }

  /**
   * The fault for this request's key (and path), consuming one use of a counted rule. Exact key
   * beats "*"; a rule naming a path is skipped for other paths.
   */
  take(key: string | null, path?: string): FaultRule | null {
    const applies = (r: FaultRule) => r.path === undefined || r.path === path;
    const rule =
      this.rules.find((r) => key !== null && r.key === key && applies(r)) ??
      this.rules.find((r) => r.key === "*" && applies(r));
    if (!rule) return null;
    if (rule.skip !== undefined) {
      rule.skip -= 1;
      if (rule.skip <= 0) delete rule.skip;
      return null;
    }
    if (rule.count !== undefined) {
      rule.count -= 1;
      if (rule.count <= 0) this.rules.splice(this.rules.indexOf(rule), 1);
    }
    return { ...rule };
  }
}

/** A fault requested by header: `x-emulator-fault: rate_limit` (+ optional retry-after / delay headers). */
export function headerFault(headers: Record<string, string | string[] | undefined>): FaultRule | null | "invalid" {
  const mode = headers["x-emulator-fault"];
  if (typeof mode !== "string" || mode === "") return null;
  if (!(FAULT_MODES as readonly string[]).includes(mode)) return "invalid";
  const retryAfter = headers["x-emulator-retry-after"];
  const delay = headers["x-emulator-delay-ms"];
  const format = headers["x-emulator-retry-after-format"];
  return {
    key: "(header)",
    fault: mode as FaultMode,
    retryAfterSeconds: typeof retryAfter === "string" && /^\d+$/.test(retryAfter) ? Number(retryAfter) : undefined,
    retryAfterFormat: format === "http-date" ? "http-date" : undefined,
    delayMs: typeof delay === "string" && /^\d+$/.test(delay) ? Number(delay) : undefined,
  };
}

export function retryAfterHeader(rule: FaultRule, nowMs: number): string {
  const seconds = rule.retryAfterSeconds ?? 1;
  if (rule.retryAfterFormat === "http-date") {
    // HTTP dates have whole-second resolution: round up so waiting until then is always enough.
    return new Date(Math.ceil((nowMs + seconds * 1000) / 1000) * 1000).toUTCString();
  }
  return String(seconds);
}

/** Faults that replace the response outright; null for the ones that delay or alter it. */
export function faultResponse(rule: FaultRule, key: string | null, nowMs: number): EmulatorResponse | null {
  switch (rule.fault) {
    case "rate_limit": {
      const seconds = rule.retryAfterSeconds ?? 1;
      const response = openAiError(
        429,
        `Rate limit reached for requests in organization on requests per min (RPM): Limit 60, Used 60, Requested 1. Please try again in ${seconds}s.`,
        "requests",
        "rate_limit_exceeded",
      );
      response.headers = {
        "retry-after": retryAfterHeader(rule, nowMs),
        "x-ratelimit-limit-requests": "60",
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": `${seconds}s`,
        "x-ratelimit-limit-tokens": "150000",
        "x-ratelimit-remaining-tokens": "149000",
        "x-ratelimit-reset-tokens": "400ms",
      };
      return response;
    }
    case "server_error":
      return openAiError(
        500,
        "The server had an error while processing your request. Sorry about that!",
        "server_error",
      );
    case "unavailable": {
      const response = openAiError(
        503,
        "The server is overloaded or not ready yet.",
        "server_error",
        "service_unavailable",
      );
      response.headers = { "retry-after": retryAfterHeader(rule, nowMs) };
      return response;
    }
    case "overloaded": {
      // Anthropic's 529; OpenAI never sends it, but the mode works on every key.
      const response = openAiError(529, "Overloaded", "server_error", "overloaded");
      if (rule.retryAfterSeconds !== undefined) response.headers = { "retry-after": retryAfterHeader(rule, nowMs) };
      return response;
    }
    case "forbidden":
      return errors.insufficientPermissions();
    case "unauthorized":
      return key === null ? errors.missingKey() : errors.invalidKey(key);
    default:
      return null;
  }
}

/** Body-altering faults, applied to the response the route produced. */
export function alterResponse(rule: FaultRule, response: EmulatorResponse, foreignUrl: string): EmulatorResponse {
  const json = { "content-type": "application/json" };
  if (rule.fault === "malformed_json") {
    return {
      status: 200,
      headers: json,
      raw: true,
      body: "<html><body><h1>Bad gateway</h1>upstream returned an invalid response</body></html>",
    };
  }
  if (rule.fault === "truncated") {
    const text = response.raw ? String(response.body) : stringifyJson(response.body);
    return { status: 200, headers: json, raw: true, body: text.slice(0, Math.max(1, Math.floor(text.length / 2))) };
  }
  if (rule.fault === "foreign_next_page" && response.status === 200) {
    const body = response.body as Record<string, unknown> | null;
    // OpenAI usage pages say object "page"; Anthropic's reports have no object but a next_page.
    if (body && (body.object === "page" || (body.object === undefined && "next_page" in body)))
      return { ...response, body: { ...body, has_more: true, next_page: foreignUrl } };
  }
  return response;
}
