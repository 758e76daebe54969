import type { Db } from "@/db/types";
import type { ActingAs } from "@/lib/orgs/types";
import { todayUtc } from "@/lib/dates";
import { effectivePrice, type EffectivePrice } from "../effective";
import { listPriceOverrides } from "./list";
import type { PriceOverrideView } from "./view";

/** GET /api/prices: overrides (optionally of one provider/model) and, for one model, today's price and its source. */
export async function listPrices(
  db: Db,
  actor: ActingAs,
  q: { provider?: string | null; model?: string | null },
): Promise<{ overrides: PriceOverrideView[]; effective: EffectivePrice | null }> {
  const overrides = await listPriceOverrides(db, actor, q);
  const effective =
    q.provider && q.model
      ? await effectivePrice(db, actor, { provider: q.provider, model: q.model, day: todayUtc() })
      : null;
  return { overrides, effective };
}
