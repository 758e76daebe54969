import { and, eq } from "drizzle-orm";
import { z } from "zod";
import { providerKeys } from "@/db/schema";
import type { Db } from "@/db/types";
import { parseOrThrow } from "@/lib/validation";
import { sealedColumns } from "./create";
import { getOwnedKeyRow } from "./get";
import { requireAdminIds, type UpdateKeyInput } from "./schemas";
import { toKeyView } from "./view";

const mergedSchema = z
  .object({ usageMode: z.string(), organizationId: z.string().nullable(), projectId: z.string().nullable() })
  .superRefine(requireAdminIds);

export async function updateKey(db: Db, userId: string, keyId: string, input: UpdateKeyInput) {
  const current = await getOwnedKeyRow(db, userId, keyId);
  const merged = {
    usageMode: input.usageMode ?? current.usageMode,
    organizationId: input.organizationId !== undefined ? input.organizationId : current.organizationId,
    projectId: input.projectId !== undefined ? input.projectId : current.projectId,
  };
  parseOrThrow(mergedSchema, merged, "body");
  const credentialsChanged =
    input.apiKey !== undefined ||
    merged.usageMode !== current.usageMode ||
    merged.organizationId !== current.organizationId ||
    merged.projectId !== current.projectId;
  const [row] = await db
    .update(providerKeys)
    .set({
      label: input.label ?? current.label,
      ...merged,
      ...(input.apiKey ? sealedColumns(input.apiKey) : {}),
      // A new key or scope has not been synced yet: do not show the old key's status against it.
      ...(credentialsChanged ? { lastSyncStatus: "never" as const, lastSyncMessage: null } : {}),
      updatedAt: new Date(),
    })
    .where(and(eq(providerKeys.id, keyId), eq(providerKeys.userId, userId)))
    .returning();
  return toKeyView(row!);
}
