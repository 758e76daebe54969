/**
 * The wrapper every API route goes through: request id, auth, zod parsing of params/query/body,
 * and the one mapping from errors to JSON responses. Handlers stay thin adapters over src/lib.
 */
import { randomUUID } from "node:crypto";
import { NextResponse, type NextRequest } from "next/server";
import type { z } from "zod";
import type { SessionUser } from "@/lib/auth/accounts";
import { requireUser } from "@/lib/auth/current-user";
import { AppError } from "@/lib/errors";
import { parseOrThrow } from "@/lib/validation";
import { errorResponse } from "./errors";

const MAX_BODY_BYTES = 1024 * 1024;

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
  const length = Number(req.headers.get("content-length") ?? "0");
  if (length > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "Request body is larger than 1 MiB.");
  const text = await req.text();
  if (text.length > MAX_BODY_BYTES) throw new AppError("PAYLOAD_TOO_LARGE", "Request body is larger than 1 MiB.");
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new AppError("BAD_REQUEST", "Request body is not valid JSON.");
  }
}

function parse<T>(schema: z.ZodType<T> | undefined, value: unknown, where: string): T {
  return schema ? parseOrThrow(schema, value, where) : (undefined as T);
}

export function apiRoute<P = undefined, Q = undefined, B = undefined>(
  options: RouteOptions<P, Q, B>,
  handler: Handler<P, Q, B>,
) {
  return async (req: NextRequest, context: { params?: Promise<Record<string, string>> }) => {
    const requestId = randomUUID();
    try {
      const user = options.auth === false ? (null as unknown as SessionUser) : await requireUser();
      const params = parse(options.params, (await context?.params) ?? {}, "path");
      const query = parse(options.query, Object.fromEntries(req.nextUrl.searchParams), "query");
      const body = options.body ? parse(options.body, await readJsonBody(req), "body") : (undefined as B);
      const result = await handler({ req, requestId, user, params, query, body });
      if (result instanceof Response) return result;
      return NextResponse.json(result ?? { ok: true }, { headers: { "x-request-id": requestId } });
    } catch (e) {
      return errorResponse(e, requestId);
    }
  };
}
