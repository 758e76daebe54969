/**
 * One CogniTrack organization of the analytics bench: a user, its organization, an OpenAI admin key,
 * the names catalog, a year of usage (batched unnest inserts), the matching billed cost, every usage
 * row priced as ingestion would, and the usage and cost rollups built for its account. Timed step by step.
 */
import { randomBytes } from "node:crypto";
import { sql } from "drizzle-orm";
import { users } from "@/db/schema";
import { rowsOf, type Db } from "@/db/types";
import { addDays } from "@/lib/dates";
import { storeCatalog } from "@/lib/ingestion/catalog-sync";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { ensurePersonalOrganization } from "@/lib/orgs/create";
import { repriceAccountIfStale } from "@/lib/pricing/pricing-state";
import { refreshCostRollup } from "@/lib/reconciliation";
import { refreshUsageRollup } from "@/lib/rollup";
import { generateDataset, type DatasetOptions } from "../../emulator/dataset";
import type { CostGroupField } from "../../emulator/costs-data";
import type { Organization } from "../../emulator/types";
import { accountRow, catalogEntriesOf } from "./analytics-data";
import { insertCosts } from "./analytics-costs";
import { rawInsert, round } from "./raw-insert";

export interface LoadedOrg {
  index: number;
  seed: number;
  userId: string;
  orgId: string;
  accountId: string;
  /** The emulated provider organization behind the key. */
  provider: Organization;
  catalogEntries: number;
  usageRows: number;
  costRows: number;
  costGroupBy: string[];
  seconds: {
    insert_usage: number;
    insert_costs: number;
    pricing: number;
    rollup_full_rebuild: number;
    cost_rollup_full_rebuild: number;
    /** Wall time of the whole organization, dataset generation included. */
    total: number;
  };
  usage_rows_per_s: number;
  cost_rows_per_s: number;
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

export async function loadOrganization(
  db: Db,
  opts: {
    index: number;
    dataset: DatasetOptions;
    firstDay: string;
    lastDay: string;
    batchRows: number;
    costGroupBy: readonly CostGroupField[];
    log: (line: string) => void;
  },
): Promise<LoadedOrg> {
  const started = performance.now();
  const { log } = opts;
  const dataset = generateDataset(opts.dataset);
  const provider = dataset.organizations[0]!;
  const [user] = await db
    .insert(users)
    .values({
      email: `bench-${randomBytes(4).toString("hex")}@bench.cognitrack.invalid`,
      name: `Analytics benchmark ${opts.index + 1}`,
    })
    .returning();
  const org = await ensurePersonalOrganization(db, user!);
  const { key } = await createKey(
    db,
    { userId: user!.id, orgId: org.id, role: "owner" },
    createKeySchema.parse({
      provider: "openai",
      label: "Benchmark admin key",
      usageMode: "admin",
      apiKey: `sk-admin-bench-${randomBytes(8).toString("hex")}`,
      organizationId: provider.id,
      projectId: provider.projects[0]!.id,
    }),
  );
  const catalogEntries = await storeCatalog(db, await accountRow(db, key.accountId), catalogEntriesOf(provider));
  const tag = `[org ${opts.index + 1}, seed ${opts.dataset.seed}]`;

  let lastLogged = 0;
  const every = (label: string) => (n: number) => {
    if (n - lastLogged >= 250_000) {
      lastLogged = n;
      log(`  ${tag} ${fmt(n)} ${label}`);
    }
  };
  const target = {
    dataset,
    providerOrgId: provider.id,
    firstDay: opts.firstDay,
    lastDay: opts.lastDay,
    batchRows: opts.batchRows,
    orgId: org.id,
    accountId: key.accountId,
  };
  const usage = await rawInsert(db, { ...target, table: "usage_events", onProgress: every("usage rows") });
  log(`${tag} usage: ${fmt(usage.rows)} rows in ${usage.seconds} s (${fmt(usage.rows_per_s)} rows/s)`);
  lastLogged = 0;
  const costs = await insertCosts(db, { ...target, groupBy: opts.costGroupBy, onProgress: every("cost rows") });
  log(`${tag} cost_events: ${fmt(costs.rows)} rows in ${costs.seconds} s (${fmt(costs.rows_per_s)} rows/s)`);
  await db.execute(sql`analyze usage_events`);

  // Raw-inserted rows carry no cost: price them as ingestion does when it stores them.
  const pricingStarted = performance.now();
  await repriceAccountIfStale(db, org.id, key.accountId);
  const pricingS = (performance.now() - pricingStarted) / 1000;
  log(`${tag} priced ${fmt(usage.rows)} rows in ${pricingS.toFixed(1)} s`);

  const refreshStarted = performance.now();
  const window = {
    start: new Date(`${opts.firstDay}T00:00:00Z`),
    end: new Date(`${addDays(opts.lastDay, 1)}T00:00:00Z`),
  };
  const full = await refreshUsageRollup(db, { orgId: org.id, accountId: key.accountId, ...window });
  const rollupS = (performance.now() - refreshStarted) / 1000;
  log(`${tag} rollup: ${rollupS.toFixed(1)} s (${fmt(full.dayRows)} day rows)`);
  const costRollupStarted = performance.now();
  const costDays = await refreshCostRollup(db, { orgId: org.id, accountId: key.accountId });
  const costRollupS = (performance.now() - costRollupStarted) / 1000;
  log(`${tag} cost rollup: ${costRollupS.toFixed(1)} s (${fmt(costDays.dayRows)} rows)`);

  return {
    index: opts.index,
    seed: opts.dataset.seed,
    userId: user!.id,
    orgId: org.id,
    accountId: key.accountId,
    provider,
    catalogEntries,
    usageRows: usage.rows,
    costRows: costs.rows,
    costGroupBy: costs.group_by,
    seconds: {
      insert_usage: usage.seconds,
      insert_costs: costs.seconds,
      pricing: round(pricingS, 2),
      rollup_full_rebuild: round(rollupS, 2),
      cost_rollup_full_rebuild: round(costRollupS, 2),
      total: round((performance.now() - started) / 1000, 1),
    },
    usage_rows_per_s: usage.rows_per_s,
    cost_rows_per_s: costs.rows_per_s,
  };
}

/**
 * The organizations an earlier `--keep` run left in the database (to time again after a query
 * change without loading 10M rows again), rebuilt as that run loaded them: same seeds, same data.
 */
export async function findLoadedOrganizations(
  db: Db,
  opts: { dataset: DatasetOptions; firstDay: string; lastDay: string },
): Promise<LoadedOrg[]> {
  const rows = rowsOf<{
    name: string;
    user_id: string;
    org_id: string;
    account_id: string;
    usage: number;
    costs: number;
  }>(
    await db.execute(sql`
      select u.name, u.id as user_id, m.org_id, a.id as account_id,
        (select count(*)::int from usage_events e where e.org_id = m.org_id) as usage,
        (select count(*)::int from cost_events c where c.org_id = m.org_id) as costs
      from users u join memberships m on m.user_id = u.id join provider_accounts a on a.org_id = m.org_id
      where u.email like 'bench-%@bench.cognitrack.invalid'`),
  );
  const loaded = rows.map((r) => {
    const index = Number(/(\d+)$/.exec(r.name)?.[1] ?? 1) - 1;
    const seed = opts.dataset.seed + index;
    const provider = generateDataset({ ...opts.dataset, seed }).organizations[0]!;
    const none = {
      insert_usage: 0,
      insert_costs: 0,
      pricing: 0,
      rollup_full_rebuild: 0,
      cost_rollup_full_rebuild: 0,
      total: 0,
    };
    return {
      index,
      seed,
      userId: r.user_id,
      orgId: r.org_id,
      accountId: r.account_id,
      provider,
      catalogEntries: catalogEntriesOf(provider).length,
      usageRows: Number(r.usage),
      costRows: Number(r.costs),
      costGroupBy: [],
      seconds: none,
      usage_rows_per_s: 0,
      cost_rows_per_s: 0,
    };
  });
  return loaded.sort((a, b) => a.index - b.index);
}
