import type { apiTokens } from "@/db/schema";
import type { TokenScope } from "../token-actor";

/** What any response may say about a token: never the secret or its hash. */
export interface ApiTokenView {
  id: string;
  name: string;
  scopes: TokenScope[];
  last4: string;
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  expired: boolean;
}

export function toTokenView(row: typeof apiTokens.$inferSelect, now = Date.now()): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    scopes: [...row.scopes],
    last4: row.last4,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expired: row.expiresAt !== null && row.expiresAt.getTime() <= now,
  };
}
