import type { z } from "zod";
import type { Permission } from "@/lib/orgs/roles";
import type { TokenScope } from "@/lib/orgs/token-actor";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface DocumentedResponse {
  description: string;
  /** The JSON body; absent for a non-JSON body (CSV, Prometheus text). */
  schema?: z.ZodType;
  /** Defaults to application/json. */
  contentType?: string;
}

/**
 * One API operation as the OpenAPI document describes it. `path` is the Next route with `[id]`
 * segments (the route table's spelling); the document turns them into `{id}`.
 */
export interface ApiOperation {
  method: HttpMethod;
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** How the caller proves who they are. */
  auth: "member" | "public" | "cron" | "metrics";
  permission?: Permission;
  tokenScope?: TokenScope;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success responses, by status; the error responses are added from the error map. */
  responses: Record<number, DocumentedResponse>;
}
