import { and, desc, eq, isNull } from "drizzle-orm";
import { apiTokens } from "@/db/schema";
import type { Db } from "@/db/types";
import { assertCan } from "../roles";
import type { ActingAs } from "../types";
import { toTokenView, type ApiTokenView } from "./view";

/** The organization's tokens that are not revoked (expired ones too, marked), newest first. */
export async function listApiTokens(db: Db, actor: ActingAs): Promise<ApiTokenView[]> {
  assertCan(actor, "tokens:write");
  const rows = await db
    .select()
    .from(apiTokens)
    .where(and(eq(apiTokens.orgId, actor.orgId), isNull(apiTokens.revokedAt)))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
  const now = Date.now();
  return rows.map((r) => toTokenView(r, now));
}
