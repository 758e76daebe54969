// /__emulator/*: unauthenticated test controls (health, credentials, ground-truth totals, faults,
// extra keys, request log, admin listing changes). A local test tool: listing credentials here is intended.

import { z } from "zod";
import { handleAdminChanges } from "./admin-changes";
import { handleAnthropicAdminChanges } from "./anthropic/admin-changes";
import { handleAnthropicControl } from "./anthropic/control";
import type { CostAdjustment } from "./costs-data";
import { handleCostsControl } from "./costs-control";
import type { AnthropicCredential } from "./anthropic/types";
import { faultRuleSchema, FAULT_MODES, type FaultRegistry } from "./faults";
import { errors, openAiError, type EmulatorResponse } from "./http-util";
import { computeEndpointTotals, ENDPOINT_TOTALS_DIMENSIONS, type EndpointTotalsDimension } from "./extra-totals";
import { computeUsageTotals, TOTALS_DIMENSIONS, type TotalsDimension } from "./totals";
import { DAY_SECONDS, dateOf, type Credential, type EmulatorDataset } from "./types";

export interface KeyRegistration {
  key: string;
  /** which API accepts it (default openai); Anthropic keys are sent as x-api-key */
  provider?: "openai" | "anthropic";
  /** organization id (of that provider); default: the first organization */
  org?: string;
  kind: "admin" | "standard";
  /** standard keys: project id; default: the org's first project */
  projectId?: string;
  /** a permanent fault for this key */
  fault?: (typeof FAULT_MODES)[number];
}

export const keyRegistrationSchema = z.object({
  key: z.string().min(1),
  provider: z.enum(["openai", "anthropic"]).optional(),
  org: z.string().optional(),
  kind: z.enum(["admin", "standard"]),
  projectId: z.string().optional(),
  fault: z.enum(FAULT_MODES).optional(),
});

export interface RequestLogEntry {
  method: string;
  path: string;
  /** masked, never the full key */
  key: string | null;
  status: number;
  fault?: string;
}

export interface ControlContext {
  dataset: EmulatorDataset;
  faults: FaultRegistry;
  credentials: Map<string, Credential>;
  anthropicCredentials: Map<string, AnthropicCredential>;
  registerKey(registration: KeyRegistration): void;
  requestLog: RequestLogEntry[];
  /** late revisions of OpenAI cost data (see ./costs-control.ts) */
  costAdjustments: CostAdjustment[];
}

const ok = (body: unknown): EmulatorResponse => ({ status: 200, body });

function parseJson(text: string): unknown {
  try {
    return text === "" ? undefined : JSON.parse(text);
  } catch {
    return Symbol.for("invalid");
  }
}

function zodMessage(error: z.ZodError): string {
  return error.issues.map((issue) => `${issue.path.join(".") || "body"}: ${issue.message}`).join("; ");
}

export function handleControl(
  method: string,
  path: string,
  query: URLSearchParams,
  bodyText: string,
  ctx: ControlContext,
): EmulatorResponse {
  const { dataset } = ctx;
  if (method === "GET" && path === "/health") {
    return ok({
      ok: true,
      source: dataset.source,
      seed: dataset.seed,
      first_day: dataset.firstDay,
      last_day: dataset.lastDay,
      organizations: dataset.organizations.length,
      anthropic_organizations: dataset.anthropic?.organizations.length ?? 0,
    });
  }
  if (method === "GET" && path === "/credentials") {
    const all = [...ctx.credentials.values()];
    return ok({
      organizations: dataset.organizations.map((org) => ({
        id: org.id,
        name: org.name,
        admin_keys: all.filter((c) => c.orgId === org.id && c.kind === "admin").map((c) => c.key),
        standard_keys: all
          .filter((c) => c.orgId === org.id && c.kind === "standard")
          .map((c) => ({
            key: c.key,
            project_id: c.projectId,
            project_name: org.projects.find((p) => p.id === c.projectId)?.name ?? null,
          })),
      })),
      anthropic: {
        organizations: (dataset.anthropic?.organizations ?? []).map((org) => {
          const keys = [...ctx.anthropicCredentials.values()].filter((c) => c.orgId === org.id);
          return {
            id: org.id,
            name: org.name,
            admin_keys: keys.filter((c) => c.kind === "admin").map((c) => c.key),
            standard_keys: keys.filter((c) => c.kind === "standard").map((c) => c.key),
          };
        }),
      },
    });
  }
  if (method === "GET" && path === "/totals") return totals(query, dataset);
  if (method === "GET" && path === "/totals/endpoints") return endpointTotals(query, dataset);
  if (path.startsWith("/costs/")) {
    const body = parseJson(bodyText);
    if (body === Symbol.for("invalid")) return errors.invalidParam("body", "The body is not JSON.");
    const costs = handleCostsControl(method, path, query, body, { dataset, adjustments: ctx.costAdjustments });
    if (costs) return costs;
  }
  if (path === "/admin/changes") {
    const body = parseJson(bodyText);
    if (body === Symbol.for("invalid")) return errors.invalidParam("body", "The body is not JSON.");
    return handleAdminChanges(method, body, query, dataset, Math.floor(Date.now() / 1000));
  }
  if (path === "/anthropic/admin/changes") {
    const body = parseJson(bodyText);
    if (body === Symbol.for("invalid")) return errors.invalidParam("body", "The body is not JSON.");
    return handleAnthropicAdminChanges(method, body, query, dataset.anthropic);
  }
  const anthropic = handleAnthropicControl(method, path, query, dataset);
  if (anthropic) return anthropic;
  if (path === "/faults") {
    if (method === "GET") return ok({ faults: ctx.faults.list() });
    if (method === "DELETE") {
      ctx.faults.clear(query.get("key") ?? undefined);
      return ok({ faults: ctx.faults.list() });
    }
    if (method === "POST") {
      const parsed = z.union([faultRuleSchema, z.array(faultRuleSchema)]).safeParse(parseJson(bodyText));
      if (!parsed.success)
        return openAiError(
          400,
          `Invalid fault rule: ${zodMessage(parsed.error)}`,
          "invalid_request_error",
          "invalid_value",
        );
      for (const rule of Array.isArray(parsed.data) ? parsed.data : [parsed.data]) ctx.faults.add(rule);
      return ok({ faults: ctx.faults.list() });
    }
  }
  if (method === "POST" && path === "/keys") {
    const parsed = keyRegistrationSchema.safeParse(parseJson(bodyText));
    if (!parsed.success)
      return openAiError(
        400,
        `Invalid key registration: ${zodMessage(parsed.error)}`,
        "invalid_request_error",
        "invalid_value",
      );
    try {
      ctx.registerKey(parsed.data);
    } catch (error) {
      return openAiError(400, (error as Error).message, "invalid_request_error", "invalid_value");
    }
    return ok({ ok: true });
  }
  if (path === "/requests") {
    if (method === "DELETE") ctx.requestLog.length = 0;
    return ok({ requests: ctx.requestLog });
  }
  return errors.notFound(method, `/__emulator${path}`);
}

function totals(query: URLSearchParams, dataset: EmulatorDataset): EmulatorResponse {
  const by = (query.get("by") ?? "").split(",").filter(Boolean);
  const bad = by.find((dim) => !(TOTALS_DIMENSIONS as readonly string[]).includes(dim));
  if (bad) return errors.invalidParam("by", `Unknown dimension '${bad}'. Use ${TOTALS_DIMENSIONS.join(",")}.`);
  let start = query.get("start") ?? undefined;
  let end = query.get("end") ?? undefined;
  // Also accept the usage API's own window: start_time inclusive, end_time exclusive (unix seconds).
  const startTime = query.get("start_time");
  const endTime = query.get("end_time");
  try {
    if (startTime !== null) start = dateOf(Math.floor(Number(startTime) / DAY_SECONDS) * DAY_SECONDS);
    if (endTime !== null) end = dateOf(Math.ceil(Number(endTime) / DAY_SECONDS) * DAY_SECONDS - DAY_SECONDS);
    return ok(
      computeUsageTotals(dataset, { start, end, by: by as TotalsDimension[], orgId: query.get("org_id") ?? undefined }),
    );
  } catch (error) {
    return errors.invalidParam("start", (error as Error).message);
  }
}

/** Ground truth of the other usage endpoints; `end` is inclusive, like /totals. */
function endpointTotals(query: URLSearchParams, dataset: EmulatorDataset): EmulatorResponse {
  const by = (query.get("by") ?? "").split(",").filter(Boolean);
  const bad = by.find((dim) => !(ENDPOINT_TOTALS_DIMENSIONS as readonly string[]).includes(dim));
  if (bad) return errors.invalidParam("by", `Unknown dimension '${bad}'. Use ${ENDPOINT_TOTALS_DIMENSIONS.join(",")}.`);
  try {
    return ok(
      computeEndpointTotals(dataset, {
        start: query.get("start") ?? undefined,
        end: query.get("end") ?? undefined,
        by: by as EndpointTotalsDimension[],
        orgId: query.get("org_id") ?? undefined,
      }),
    );
  } catch (error) {
    return errors.invalidParam("start", (error as Error).message);
  }
}
