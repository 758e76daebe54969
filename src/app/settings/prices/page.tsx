import { AppShell } from "@/components/app-shell";
import { PriceManager } from "@/components/prices/price-manager";
import { getDb } from "@/db/client";
import { requireActorOrRedirect } from "@/lib/auth/current-actor";
import { todayUtc } from "@/lib/dates";
import { can } from "@/lib/orgs/roles";
import { listPriceOverrides } from "@/lib/pricing/overrides/list";
import { shellOrgs } from "../../shell-orgs";

export const metadata = { title: "Prices" };
export const dynamic = "force-dynamic";

type SearchParams = Record<string, string | string[] | undefined>;
const first = (v: string | string[] | undefined) => [v ?? []].flat()[0] ?? "";

export default async function PricesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const raw = await searchParams;
  const model = first(raw.model).slice(0, 200);
  const provider = first(raw.provider) === "anthropic" ? "anthropic" : "openai";
  const actor = await requireActorOrRedirect(
    model ? `/settings/prices?${new URLSearchParams({ model, provider }).toString()}` : "/settings/prices",
  );
  const canWrite = can(actor.role, "prices:write");
  const [overrides, orgs] = await Promise.all([listPriceOverrides(await getDb(), actor), shellOrgs(actor)]);
  return (
    <AppShell current="prices" email={actor.user.email} orgs={orgs} role={actor.role}>
      <div className="page-header">
        <div>
          <h1>Prices</h1>
          <p className="muted" style={{ margin: 0 }}>
            Estimated spend prices each day&apos;s usage with the public price list of that day (batch and flex at half
            price). Add {actor.org.name}&apos;s own price for a model (a negotiated rate, a fine-tuned model): usage
            from its first day is re-priced at once.
          </p>
        </div>
      </div>
      {!canWrite && (
        <p className="card" style={{ margin: "0 0 1rem" }}>
          Only admins and owners change prices; you are a viewer here.
        </p>
      )}
      <PriceManager
        initialOverrides={overrides}
        canWrite={canWrite}
        initialModel={model}
        initialProvider={provider}
        today={todayUtc()}
      />
    </AppShell>
  );
}
