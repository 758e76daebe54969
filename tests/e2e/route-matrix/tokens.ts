/**
 * API tokens for the matrix's token cases. Tokens arrive with issue 9a (`POST /api/tokens {name,
 * scopes}` -> 201 `{token: {id}, secret}`, `DELETE /api/tokens/{id}`); until that route exists in
 * this tree the cases that need a real token are skipped (visibly), and the "token on a
 * cookie-only route" cases use a well-formed token no server issued: those routes must refuse any
 * `Bearer ct_...` before looking it up.
 */
import { existsSync } from "node:fs";
import type { TokenScope } from "@/lib/orgs/token-actor";
import type { Caller } from "./http";

export const API_TOKENS_AVAILABLE = existsSync("src/app/api/tokens/route.ts");
export const ALL_SCOPES: TokenScope[] = ["usage:read", "costs:read", "ingest:write"];
export const UNISSUED_TOKEN = `ct_${"Q".repeat(43)}`;

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

export const bearer = (secret: string) => ({ authorization: `Bearer ${secret}` });
