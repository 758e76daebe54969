/**
 * The wrapper every API route goes through: request id, cross-site refusal, content type, auth (the
 * caller, their organization and role: `ctx.actor`), the route's `permission`, zod parsing of
 * params/query/body, and the one mapping from errors to JSON responses. Handlers stay thin
 * adapters over src/lib.
 */
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import { getDb } from "@/db/client";
import { requireActor } from "@/lib/auth/current-actor";
import { AppError } from "@/lib/errors";
import { ORG_HEADER } from "@/lib/orgs/actor";
import { assertCan, type Permission } from "@/lib/orgs/roles";
import { bearerToken, resolveTokenActor, type TokenScope } from "@/lib/orgs/token-actor";
import type { Actor, RequestActor } from "@/lib/orgs/types";
import { parseOrThrow } from "@/lib/validation";
import { assertDeclaredLength, parseJsonBytes, readBodyBytes } from "./body";
import { assertBodylessOrJson, assertJsonOrNoContentType } from "./content-type";
import { assertSameOrigin } from "./csrf";
import { errorResponse } from "./errors";
import { STATE_CHANGING_METHODS } from "./origin";

interface RouteOptions<P, Q, B, T extends TokenScope | undefined> {
  /** false = public route (no actor). */
  auth?: boolean;
  /**
   * false = the route answers even when the database schema is behind (health, metrics). Every
   * other route first checks it, so an un-migrated server answers 503 "run npm run db:migrate".
   */
  schemaGate?: boolean;
  /** What the caller's role must allow (src/lib/orgs/roles.ts); checked before the body is read. */
  permission?: Permission;
  /** Accept `Authorization: Bearer ct_...` API tokens holding this scope; without it a token is a 401. */
  tokenScope?: T;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
}

/** Routes that accept API tokens may be called by a machine: an actor without a user. */
type ActorOf<T> = T extends TokenScope ? RequestActor : Actor;

export interface RouteContext<P, Q, B, A extends RequestActor = Actor> {
  req: NextRequest;
  requestId: string;
  /** The caller in their current organization (null only on `auth: false` routes). */
  actor: A;
  user: A["user"];
  params: P;
  query: Q;
  body: B;
}

type Handler<P, Q, B, A extends RequestActor> = (ctx: RouteContext<P, Q, B, A>) => Promise<Response | unknown>;

async function readJsonBody(req: NextRequest): Promise<unknown> {
  assertDeclaredLength(req.headers.get("content-length"));
  const bytes = await readBodyBytes(req.body);
  assertBodylessOrJson(req.headers.get("content-type"), bytes.byteLength);
  return parseJsonBytes(bytes);
}

/**
 * API tokens work only on routes that declare a tokenScope; anywhere else a token is refused
 * rather than ignored, so a script cannot silently fall back to a browser cookie.
 */
async function resolveActor(
  req: NextRequest,
  options: { permission?: Permission; tokenScope?: TokenScope },
): Promise<RequestActor> {
  const token = bearerToken(req.headers.get("authorization"));
  if (token) {
    if (!options.tokenScope) {
      throw new AppError(
        "UNAUTHENTICATED",
        "API tokens work only on GET /api/usage, GET /api/usage/export, POST /api/usage and GET /api/reconciliation.",
      );
    }
    const actor = await resolveTokenActor(await getDb(), token, options.tokenScope);
    if (options.permission) assertCan(actor, options.permission);
    return actor;
  }
  return requireActor(options.permission, { requestedOrgId: req.headers.get(ORG_HEADER), req });
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  return schema ? parseOrThrow(schema, value, where) : (undefined as T);
}

/** API answers are per user and per moment: no cache may keep them. */
function finish(res: Response, requestId: string): Response {
  if (!res.headers.has("cache-control")) res.headers.set("cache-control", "no-store");
  if (!res.headers.has("x-request-id")) res.headers.set("x-request-id", requestId);
  return res;
}

export function apiRoute<P = undefined, Q = undefined, B = undefined, T extends TokenScope | undefined = undefined>(
  options: RouteOptions<P, Q, B, T>,
  handler: Handler<P, Q, B, ActorOf<T>>,
) {
  return async (req: NextRequest, context: { params?: Promise<Record<string, string>> }) => {
    const requestId = randomUUID();
    try {
      if (STATE_CHANGING_METHODS.has(req.method.toUpperCase())) {
        assertSameOrigin(req, requestId);
        assertJsonOrNoContentType(req.headers.get("content-type"));
      }
      if (options.schemaGate !== false) await getDb();
      // Only routes declaring a tokenScope can get a token actor (resolveActor refuses it elsewhere).
      const actor = (options.auth === false ? null : await resolveActor(req, options)) as ActorOf<T>;
      const user = (actor?.user ?? null) as ActorOf<T>["user"];
      const params = parse(options.params, (await context?.params) ?? {}, "path");
      const query = parse(options.query, Object.fromEntries(req.nextUrl.searchParams), "query");
      const body = options.body ? parse(options.body, await readJsonBody(req), "body") : (undefined as B);
      const result = await handler({ req, requestId, actor, user, params, query, body });
      if (result instanceof Response) return finish(result, requestId);
      return finish(NextResponse.json(result ?? { ok: true }), requestId);
    } catch (e) {
      return finish(errorResponse(e, requestId), requestId);
    }
  };
}
