/**
 * API tokens for the matrix's token cases, made over HTTP by A's owner (`POST /api/tokens {name,
 * scopes}` -> 201 `{token: {id}, secret}`, `DELETE /api/tokens/{id}`), and an expired one, which
 * the API cannot make (an expiry must be in the future): the worlds seed it before the app starts.
 */
import { eq } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import type { Db } from "@/db/types";
import { createApiToken } from "@/lib/orgs/tokens/create";
import type { TokenScope } from "@/lib/orgs/token-actor";
import type { ActingAs } from "@/lib/orgs/types";
import type { Caller } from "./http";

export const ALL_SCOPES: TokenScope[] = ["usage:read", "costs:read", "ingest:write"];

export interface IssuedToken {
  id: string;
  secret: string;
}

export async function issueToken(owner: Caller, scopes: TokenScope[]): Promise<IssuedToken> {
  const res = await owner.request("POST", "/api/tokens", {
    body: { name: `matrix ${scopes.join(" ")} ${Math.random().toString(36).slice(2, 7)}`, scopes },
  });
  if (res.status !== 201) throw new Error(`issuing a token: ${res.status} ${res.text}`);
  return { id: res.body.token.id, secret: res.body.secret };
}

export async function revokeToken(owner: Caller, token: IssuedToken): Promise<void> {
  const res = await owner.request("DELETE", `/api/tokens/${token.id}`);
  if (res.status >= 300) throw new Error(`revoking a token: ${res.status} ${res.text}`);
}

/** A token with every scope, created with an expiry in an hour and then moved a day into the past. */
export async function seedExpiredToken(db: Db, owner: ActingAs): Promise<string> {
  const { token, secret } = await createApiToken(db, owner, {
    name: "matrix expired",
    scopes: ALL_SCOPES,
    expiresAt: new Date(Date.now() + 3_600_000),
  });
  await db
    .update(apiTokens)
    .set({ expiresAt: new Date(Date.now() - 86_400_000) })
    .where(eq(apiTokens.id, token.id));
  return secret;
}

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
