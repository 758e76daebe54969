import { and, eq, isNull } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import type { Db } from "@/db/types";
import { notFound } from "@/lib/errors";
import { recordAudit } from "../audit";
import { assertCan } from "../roles";
import type { ActingAs } from "../types";

/**
 * Revoking takes effect on the token's next request. The row stays (revoked_at) so the audit log
 * can still name it; another organization's token, or one already revoked, is a 404.
 */
export async function revokeApiToken(
  db: Db,
  actor: ActingAs,
  id: string,
  meta: { requestId?: string } = {},
): Promise<{ id: string; revoked: true }> {
  assertCan(actor, "tokens:write");
  return db.transaction(async (tx) => {
    const [row] = await tx
      .update(apiTokens)
      .set({ revokedAt: new Date() })
      .where(and(eq(apiTokens.id, id), eq(apiTokens.orgId, actor.orgId), isNull(apiTokens.revokedAt)))
      .returning({ id: apiTokens.id, name: apiTokens.name, last4: apiTokens.last4 });
    if (!row) throw notFound("API token");
    await recordAudit(tx, {
      orgId: actor.orgId,
      actor,
      action: "token.revoke",
      targetType: "api_token",
      targetId: row.id,
      requestId: meta.requestId,
      details: { name: row.name, last4: row.last4 },
    });
    return { id: row.id, revoked: true as const };
  });
}
