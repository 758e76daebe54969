import { apiTokens } from "@/db/schema";
import type { Db } from "@/db/types";
import { newSecret, hashSecret } from "@/lib/crypto/secret-token";
import { recordAudit } from "../audit";
import { assertCan } from "../roles";
import { TOKEN_PREFIX } from "../token-actor";
import type { ActingAs } from "../types";
import type { CreateTokenInput } from "./schemas";
import { toTokenView, type ApiTokenView } from "./view";

/** Admins create tokens; the secret is in this return value and nowhere else, ever. */
export async function createApiToken(
  db: Db,
  actor: ActingAs,
  input: CreateTokenInput,
  meta: { requestId?: string } = {},
): Promise<{ token: ApiTokenView; secret: string }> {
  assertCan(actor, "tokens:write");
  const secret = newSecret(TOKEN_PREFIX);
  return db.transaction(async (tx) => {
    const [row] = await tx
      .insert(apiTokens)
      .values({
        orgId: actor.orgId,
        name: input.name,
        scopes: input.scopes,
        tokenHash: hashSecret(secret),
        last4: secret.slice(-4),
        createdByUserId: actor.userId,
        expiresAt: input.expiresAt ?? null,
      })
      .returning();
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "token.create",
      targetType: "api_token",
      targetId: row!.id,
      requestId: meta.requestId,
      details: {
        name: row!.name,
        scopes: [...row!.scopes],
        last4: row!.last4,
        expiresAt: row!.expiresAt?.toISOString() ?? null,
      },
    });
    return { token: toTokenView(row!), secret };
  });
}
