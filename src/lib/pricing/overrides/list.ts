import { and, asc, eq } from "drizzle-orm";
import { priceOverrides } from "@/db/schema";
import type { Db } from "@/db/types";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { toOverrideView, type PriceOverrideView } from "./view";

/** The organization's overrides, by provider, model and start (anyone who reads usage may see them). */
export async function listPriceOverrides(
  db: Db,
  actor: ActingAs,
  filter: { provider?: string | null; model?: string | null } = {},
): Promise<PriceOverrideView[]> {
  assertCan(actor, "usage:read");
  const where = [eq(priceOverrides.orgId, actor.orgId)];
  if (filter.provider) where.push(eq(priceOverrides.provider, filter.provider));
  if (filter.model) where.push(eq(priceOverrides.model, filter.model));
  const rows = await db
    .select()
    .from(priceOverrides)
    .where(and(...where))
    .orderBy(asc(priceOverrides.provider), asc(priceOverrides.model), asc(priceOverrides.effectiveFrom));
  return rows.map(toOverrideView);
}
