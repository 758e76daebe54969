/**
 * HOOK FOR ISSUE 9a (API tokens). The route wrapper calls `resolveTokenActor` when a request
 * carries `Authorization: Bearer ct_...` on a route that declares `tokenScope`. 9a replaces the
 * body: look the token up by its SHA-256, refuse revoked/expired ones (401), check the scope
 * (403), rate-limit per token, stamp last-used, and return an Actor with via "token", tokenId and
 * scopes. Until then tokens are refused with a plain 401.
 */
import type { Db } from "@/db/types";
import { AppError } from "@/lib/errors";
import type { Actor } from "./types";

export const TOKEN_PREFIX = "ct_";

/** Scopes a route may accept a token for (the list). */
export type TokenScope = "usage:read" | "costs:read" | "ingest:write";

/** `ct_...` from an Authorization header, or null when the header holds something else. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(ct_\S+)$/i.exec(header?.trim() ?? "");
  return match ? match[1]! : null;
}

export async function resolveTokenActor(_db: Db, _token: string, _scope: TokenScope): Promise<Actor> {
  throw new AppError("UNAUTHENTICATED", "API tokens are not enabled on this server yet.");
}
