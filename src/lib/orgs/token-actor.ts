/**
 * `Authorization: Bearer ct_...` API tokens, resolved for the routes that declare a `tokenScope`
 * (src/lib/http/route.ts): unknown, revoked and expired tokens get one plain 401; a token without
 * the route's scope a 403; every use counts against the token's rate limit (keyed by the token's
 * id, never the secret) and stamps last-used at most once a minute.
 */
import { and, eq, isNull, lt, or, sql } from "drizzle-orm";
import { API_TOKEN_SCOPES, apiTokens, organizations } from "@/db/schema";
import type { Db } from "@/db/types";
import { safeEqual } from "@/lib/crypto/compare";
import { hashSecret } from "@/lib/crypto/secret-token";
import { AppError } from "@/lib/errors";
import { enforceRateLimit } from "@/lib/rate-limit/request-limiter";
import { requestPolicy } from "@/lib/rate-limit/request-policies";
import { requiredRole, roleAtLeast, type Permission, type Role } from "./roles";
import type { TokenActor } from "./types";

export const TOKEN_PREFIX = "ct_";

/** Scopes a token may hold and a route may accept a token for (the list). */
export type TokenScope = (typeof API_TOKEN_SCOPES)[number];

/** What each scope lets a token do, in terms of the role matrix. */
const SCOPE_PERMISSION: Record<TokenScope, Permission> = {
  "usage:read": "usage:read",
  "costs:read": "reconciliation:read",
  "ingest:write": "ingest:write",
};

/** The lowest role that holds every permission of the scopes: a token is worth its scopes, no more. */
export function roleForScopes(scopes: readonly TokenScope[]): Role {
  return scopes
    .map((s) => requiredRole(SCOPE_PERMISSION[s]))
    .reduce<Role>((acc, r) => (roleAtLeast(r, acc) ? r : acc), "viewer");
}

/** `ct_...` from an Authorization header, or null when the header holds something else. */
export function bearerToken(header: string | null): string | null {
  const match = /^Bearer\s+(ct_\S+)$/i.exec(header?.trim() ?? "");
  return match ? match[1]! : null;
}

const TOKEN_SHAPE = /^ct_[A-Za-z0-9_-]{43}$/;
const LAST_USED_EVERY_MS = 60_000;

const invalidToken = () =>
  new AppError("UNAUTHENTICATED", "This API token is not valid: it is unknown, revoked or expired.");

export async function resolveTokenActor(db: Db, token: string, scope: TokenScope): Promise<TokenActor> {
  if (!TOKEN_SHAPE.test(token)) throw invalidToken();
  const hash = hashSecret(token);
  const [row] = await db
    .select({
      id: apiTokens.id,
      tokenHash: apiTokens.tokenHash,
      scopes: apiTokens.scopes,
      expiresAt: apiTokens.expiresAt,
      revokedAt: apiTokens.revokedAt,
      lastUsedAt: apiTokens.lastUsedAt,
      org: { id: organizations.id, name: organizations.name, personal: organizations.personal },
    })
    .from(apiTokens)
    .innerJoin(organizations, eq(organizations.id, apiTokens.orgId))
    .where(eq(apiTokens.tokenHash, hash));
  const now = Date.now();
  if (!row || !safeEqual(row.tokenHash, hash) || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) {
    throw invalidToken();
  }
  await enforceRateLimit(db, requestPolicy("apiTokenPerToken"), row.id);
  if (!row.scopes.includes(scope)) {
    throw new AppError("FORBIDDEN", `This API token does not have the ${scope} scope.`, {
      details: { scope, scopes: row.scopes },
    });
  }
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() >= LAST_USED_EVERY_MS) await stampLastUsed(db, row.id);
  return {
    user: null,
    userId: null,
    orgId: row.org.id,
    org: row.org,
    role: roleForScopes(row.scopes),
    via: "token",
    tokenId: row.id,
    scopes: [...row.scopes],
  };
}

/** The WHERE repeats the once-a-minute rule so parallel requests do not all write. */
async function stampLastUsed(db: Db, id: string) {
  await db
    .update(apiTokens)
    .set({ lastUsedAt: sql`now()` })
    .where(
      and(
        eq(apiTokens.id, id),
        or(isNull(apiTokens.lastUsedAt), lt(apiTokens.lastUsedAt, sql`now() - interval '1 minute'`)),
      ),
    );
}
