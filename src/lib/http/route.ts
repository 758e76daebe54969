/**
 * The wrapper every API route goes through: request id, cross-site refusal, content type, auth,
 * zod parsing of params/query/body, and the one mapping from errors to JSON responses. Handlers
 * stay thin adapters over src/lib.
 */
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import type { SessionUser } from "@/lib/auth/accounts";
import { requireRequestUser } from "@/lib/auth/current-user";
import { parseOrThrow } from "@/lib/validation";
import { assertDeclaredLength, parseJsonBytes, readBodyBytes } from "./body";
import { assertBodylessOrJson, assertJsonOrNoContentType } from "./content-type";
import { assertSameOrigin } from "./csrf";
import { errorResponse } from "./errors";
import { STATE_CHANGING_METHODS } from "./origin";

interface RouteOptions<P, Q, B> {
  auth?: boolean;
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
}

export interface RouteContext<P, Q, B> {
  req: NextRequest;
  requestId: string;
  user: SessionUser;
  params: P;
  query: Q;
  body: B;
}

type Handler<P, Q, B> = (ctx: RouteContext<P, Q, B>) => Promise<Response | unknown>;

async function readJsonBody(req: NextRequest): Promise<unknown> {
  assertDeclaredLength(req.headers.get("content-length"));
  const bytes = await readBodyBytes(req.body);
  assertBodylessOrJson(req.headers.get("content-type"), bytes.byteLength);
  return parseJsonBytes(bytes);
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

export function apiRoute<P = undefined, Q = undefined, B = undefined>(
  options: RouteOptions<P, Q, B>,
  handler: Handler<P, Q, B>,
) {
  return async (req: NextRequest, context: { params?: Promise<Record<string, string>> }) => {
    const requestId = randomUUID();
    try {
      if (STATE_CHANGING_METHODS.has(req.method.toUpperCase())) {
        assertSameOrigin(req, requestId);
        assertJsonOrNoContentType(req.headers.get("content-type"));
      }
      const user = options.auth === false ? (null as unknown as SessionUser) : await requireRequestUser(req);
      const params = parse(options.params, (await context?.params) ?? {}, "path");
      const query = parse(options.query, Object.fromEntries(req.nextUrl.searchParams), "query");
      const body = options.body ? parse(options.body, await readJsonBody(req), "body") : (undefined as B);
      const result = await handler({ req, requestId, user, params, query, body });
      if (result instanceof Response) return finish(result, requestId);
      return finish(NextResponse.json(result ?? { ok: true }), requestId);
    } catch (e) {
      return finish(errorResponse(e, requestId), requestId);
    }
  };
}
