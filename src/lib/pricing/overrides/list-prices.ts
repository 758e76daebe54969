import { sql } from "drizzle-orm";
import { rowsOf, type Db } from "@/db/types";
import { todayUtc } from "@/lib/dates";
import { assertCan } from "@/lib/orgs/roles";
import type { ActingAs } from "@/lib/orgs/types";
import { resolveEffectivePrice, type EffectivePrice } from "../effective";
import { listPriceOverrides } from "./list";
import { loadPriceOverrides } from "./load";
import type { PriceOverrideView } from "./view";

export interface PriceFilter {
  provider?: string | null;
  model?: string | null;
}

// Code-point order, the same on every database collation.
const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Every (provider, model) the organization has usage or an override for, narrowed by the filter. */
async function modelsOfOrg(db: Db, orgId: string, f: PriceFilter): Promise<{ provider: string; model: string }[]> {
  const narrow = sql.join(
    [
      sql`org_id = ${orgId}::uuid`,
      ...(f.provider ? [sql`provider = ${f.provider}`] : []),
      ...(f.model ? [sql`model = ${f.model}`] : []),
    ],
    sql` and `,
  );
  return rowsOf<{ provider: string; model: string }>(
    await db.execute(sql`
      select provider, model from usage_events where ${narrow}
      union
      select provider, model from price_overrides where ${narrow}`),
  ).sort((a, b) => cmp(a.provider, b.provider) || cmp(a.model, b.model));
}

/**
 * GET /api/prices: the price in force today (UTC) for every model the organization uses or has
 * priced, with its source, and the overrides themselves. With both `provider` and `model` the
 * answer is that one model, used or not.
 */
export async function listPrices(
  db: Db,
  actor: ActingAs,
  q: PriceFilter,
): Promise<{ prices: EffectivePrice[]; overrides: PriceOverrideView[] }> {
  assertCan(actor, "usage:read");
  const day = todayUtc();
  const models =
    q.provider && q.model ? [{ provider: q.provider, model: q.model }] : await modelsOfOrg(db, actor.orgId, q);
  const loaded = await loadPriceOverrides(db, actor.orgId);
  const prices = models.map((m) => resolveEffectivePrice(loaded, { ...m, day }));
  return { prices, overrides: await listPriceOverrides(db, actor, q) };
}
