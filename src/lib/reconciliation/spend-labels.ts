/** Keys and human names for spend groups (provider, provider + project, or model). */
import type { Db } from "@/db/types";
import { labelsFor, NONE_LABEL, nullProjectLabel } from "@/lib/analytics/labels";
import { findProviderAdapter } from "@/lib/providers/registry";
import type { SpendStack } from "./spend-facts";

export const OTHER_KEY = "other";

export const groupKey = (gp: string | null, gv: string | null) => `${gp ?? ""}/${gv ?? ""}`;

const providerName = (id: string | null) => (id === null ? NONE_LABEL : (findProviderAdapter(id)?.displayName ?? id));

/** A function naming each (gp, gv) of a stack. */
export async function spendLabeler(
  db: Db,
  orgId: string,
  stack: SpendStack,
  groups: { gp: string | null; gv: string | null }[],
): Promise<(gp: string | null, gv: string | null) => string> {
  if (stack === "provider") return (gp) => providerName(gp);
  if (stack === "model") return (_gp, gv) => gv ?? NONE_LABEL;
  const label = await labelsFor(
    db,
    orgId,
    "project",
    groups.map((g) => g.gv),
  );
  const providers = new Set(groups.map((g) => g.gp));
  return (gp, gv) => {
    const name = gv === null ? nullProjectLabel(gp) : label(gv);
    // Two providers may both have "(none)" or similar names: say whose.
    return providers.size > 1 ? `${name} (${providerName(gp)})` : name;
  };
}
