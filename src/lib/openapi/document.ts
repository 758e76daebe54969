/**
 * The OpenAPI 3.1 document, built from the same zod schemas the routes parse their input with
 * (src/lib/**\/schemas.ts) and the response shapes in ./operations. Served at /api/openapi.json and
 * rendered in the docs site (npm run docs:generate).
 */
import { z } from "zod";
import { ERROR_STATUS } from "@/lib/errors";
import { API_OPERATIONS } from "./operations";
import { errorBody } from "./shapes";
import type { ApiOperation, HttpMethod } from "./types";

type JsonSchema = Record<string, unknown> & { properties?: Record<string, JsonSchema>; required?: string[] };

const STATE_CHANGING: readonly HttpMethod[] = ["POST", "PUT", "PATCH", "DELETE"];

/** `/api/keys/[id]` -> `/api/keys/{id}`. */
export const openApiPath = (route: string) => route.replace(/\[([^\]]+)\]/g, "{$1}");

function toJson(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: "any", target: "draft-2020-12" }) as JsonSchema;
  delete json.$schema;
  return json;
}

/**
 * Input schemas that normalise first (z.preprocess) have an opaque input type; their output
 * object is what the caller actually sends field by field.
 */
function inputJson(schema: z.ZodType): { json: JsonSchema; defaultsFilled: boolean } {
  const input = toJson(schema, "input");
  return input.properties
    ? { json: input, defaultsFilled: false }
    : { json: toJson(schema, "output"), defaultsFilled: true };
}

function parameters(op: ApiOperation) {
  const out: Record<string, unknown>[] = [];
  for (const [where, schema] of [
    ["path", op.params],
    ["query", op.query],
  ] as const) {
    if (!schema) continue;
    // A preprocessed query fills its own defaults, so none of its fields is required of the caller.
    const { json, defaultsFilled } = inputJson(schema);
    for (const [name, property] of Object.entries(json.properties ?? {})) {
      const { description, ...rest } = property;
      out.push({
        name,
        in: where,
        required: where === "path" || (!defaultsFilled && (json.required ?? []).includes(name)),
        ...(description ? { description } : {}),
        schema: rest,
      });
    }
  }
  return out;
}

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: "Bad input, named in plain words",
  401: "Not signed in, or a bad token or secret",
  403: "The role or token scope does not allow this, or a cross-site request",
  404: "No such object in this organization",
  409: "Conflicts with the current state",
  413: "Body over 1 MiB",
  415: "Body is not application/json",
  429: "Rate limited; see Retry-After",
  503: "The database is busy or the query ran too long; retry or narrow the range",
};

function errorStatuses(op: ApiOperation): number[] {
  const statuses = new Set<number>([503]);
  if (op.params || op.query || op.body) statuses.add(400);
  if (op.auth !== "public") statuses.add(401);
  if (op.permission || op.tokenScope || STATE_CHANGING.includes(op.method)) statuses.add(403);
  if (op.params || op.auth === "member") statuses.add(404);
  if (op.body) statuses.add(413).add(415);
  if (op.tokenScope || op.path.startsWith("/api/auth/")) statuses.add(429);
  return [...statuses].sort();
}

function security(op: ApiOperation) {
  if (op.auth === "public") return [];
  if (op.auth === "cron") return [{ cronSecret: [] }];
  if (op.auth === "metrics") return [{ metricsToken: [] }];
  return [{ session: [] }, ...(op.tokenScope ? [{ apiToken: [op.tokenScope] }] : [])];
}

function operationObject(op: ApiOperation) {
  const responses: Record<string, unknown> = {};
  for (const [status, response] of Object.entries(op.responses)) {
    responses[status] = {
      description: response.description,
      content: {
        [response.contentType ?? "application/json"]: response.schema
          ? { schema: toJson(response.schema, "output") }
          : { schema: { type: "string" } },
      },
    };
  }
  for (const status of errorStatuses(op)) {
    responses[String(status)] = {
      description: ERROR_DESCRIPTIONS[status],
      content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
    };
  }
  const notes = [
    op.description,
    op.permission ? `Needs the \`${op.permission}\` permission.` : null,
    op.tokenScope ? `API tokens with the \`${op.tokenScope}\` scope are accepted.` : null,
  ].filter(Boolean);
  return {
    operationId: `${op.method.toLowerCase()}${openApiPath(op.path)
      .replace(/^\/api/, "")
      .split(/[/{}.-]+/)
      .filter(Boolean)
      .map((p) => p[0]!.toUpperCase() + p.slice(1))
      .join("")}`,
    tags: [op.tag],
    summary: op.summary,
    ...(notes.length ? { description: notes.join("\n\n") } : {}),
    security: security(op),
    ...(op.permission ? { "x-permission": op.permission } : {}),
    parameters: parameters(op),
    ...(op.body
      ? { requestBody: { required: true, content: { "application/json": { schema: inputJson(op.body).json } } } }
      : {}),
    responses,
  };
}

export function buildOpenApiDocument(operations: readonly ApiOperation[] = API_OPERATIONS) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const op of operations) {
    const path = openApiPath(op.path);
    paths[path] ??= {};
    paths[path]![op.method.toLowerCase()] = operationObject(op);
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "CogniTrack API",
      version: "1",
      description:
        "LLM API usage and spend per organization. Every request acts in one organization: the session's current one, or the `X-CogniTrack-Org` header. Errors are `{ error: { code, message, requestId } }` with these codes: " +
        Object.entries(ERROR_STATUS)
          .map(([code, status]) => `${code} (${status})`)
          .join(", ") +
        ".",
    },
    tags: [...new Set(operations.map((o) => o.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { Error: toJson(errorBody, "output") },
      securitySchemes: {
        session: {
          type: "apiKey",
          in: "cookie",
          name: "ct_session",
          description: "Local accounts' session cookie (or Clerk's session in Clerk mode)",
        },
        apiToken: { type: "http", scheme: "bearer", description: "An organization API token `ct_...`" },
        cronSecret: { type: "http", scheme: "bearer", description: "CRON_SECRET" },
        metricsToken: { type: "http", scheme: "bearer", description: "METRICS_TOKEN" },
      },
    },
  };
}

export type OpenApiDocument = ReturnType<typeof buildOpenApiDocument>;
