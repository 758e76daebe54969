// What /v1/organization/costs answers for one day and grouping, shared by the route and the ground
// truth so both see the same digits. Amounts are presented the way OpenAI does: sometimes a numeric
// string, sometimes a number with long float noise, sometimes a short number; currency "usd",
// now and then "USD". The choice is a hash of the result, so every run serves the same text.

import { formatDecimal, parseDecimal, sumDecimals } from "../../src/lib/money/decimal";
import { extraCosts } from "./extra-prices";
import { COST_SCALE, completionsCost, embeddingsCost, type CostAtom } from "./openai-prices";
import { hashString } from "./prng";
import { RawNumber } from "./raw-json";
import { dateOf, type EmulatorDataset } from "./types";

export const COST_GROUP_FIELDS = ["project_id", "line_item", "api_key_id"] as const;
export type CostGroupField = (typeof COST_GROUP_FIELDS)[number];

/** An extra cost the tests add (POST /__emulator/costs/adjustments), e.g. a provider's late revision. */
export interface CostAdjustment {
  day: string;
  /** default: the dataset's first organization */
  org_id?: string;
  project_id: string | null;
  api_key_id: string | null;
  line_item: string;
  /** exact decimal string in USD, may be negative */
  amount: string;
}

export interface CostFilters {
  projectIds: string[];
  apiKeyIds: string[];
}

export interface ServedCost {
  project_id: string | null;
  line_item: string | null;
  api_key_id: string | null;
  /** exactly the digits served (string or number token) */
  text: string;
  /** the price list's exact amount, before float noise */
  exact: string;
  asString: boolean;
  currency: "usd" | "USD";
  quantity: number | null;
  /** what `quantity` counts (null with it) */
  quantityUnit: string | null;
}

const ADJUSTMENT_SCALE = 20;

function atomsOfDay(
  dataset: EmulatorDataset,
  orgId: string,
  dayStart: number,
  adjustments: readonly CostAdjustment[],
): { atoms: CostAtom[]; scale: number } {
  const usage = dataset.dayUsage(dayStart, orgId);
  const atoms = [
    ...usage.completions.flatMap(completionsCost),
    ...usage.embeddings.flatMap(embeddingsCost),
    ...(dataset.extraUsage ? extraCosts(dataset.extraUsage(dayStart, orgId)) : []),
  ];
  const day = dateOf(dayStart);
  const extra = adjustments.filter((a) => a.day === day && (a.org_id ?? dataset.organizations[0]?.id) === orgId);
  if (extra.length === 0) return { atoms, scale: COST_SCALE };
  // Adjustments may carry more fraction digits than prices: lift everything to one scale.
  const lift = 10n ** BigInt(ADJUSTMENT_SCALE - COST_SCALE);
  const lifted = atoms.map((a) => ({ ...a, units: a.units * lift }));
  for (const a of extra) {
    const d = parseDecimal(a.amount)!;
    lifted.push({
      project_id: a.project_id,
      api_key_id: a.api_key_id,
      line_item: a.line_item,
      units: d.units * 10n ** BigInt(ADJUSTMENT_SCALE - d.scale),
      quantity: 0,
    });
  }
  return { atoms: lifted, scale: ADJUSTMENT_SCALE };
}

/** Float noise as OpenAI shows it: the double nearest the amount, written to 20 significant digits. */
function noisy(exact: string): string {
  const n = Number(exact);
  const abs = Math.abs(n);
  if (abs < 1e-6 || abs >= 1e21) return exact;
  const text = n.toPrecision(20);
  return text.includes(".") ? text.replace(/0+$/, "").replace(/\.$/, "") : text;
}

function present(exact: string, seedText: string): Pick<ServedCost, "text" | "asString" | "currency"> {
  const h = hashString(seedText);
  const currency = h % 5 === 0 ? "USD" : "usd";
  switch ((h >>> 3) % 3) {
    case 0:
      return { text: exact, asString: true, currency };
    case 1:
      return { text: noisy(exact), asString: false, currency };
    default: {
      // The shortest JS form; tiny amounts would come out as 1e-7, which the truth keeps plain.
      const short = String(Number(exact));
      return { text: /e/i.test(short) ? exact : short, asString: false, currency };
    }
  }
}

/**
 * The last few days served per dataset: a day of per-key lines spans several pages, and each page
 * request would otherwise rebuild the whole day (datasets are pure functions of their seed).
 */
const recentDays = new WeakMap<EmulatorDataset, { key: string; served: readonly ServedCost[] }[]>();
const RECENT_DAYS = 4;

/** The results of one day's bucket for `groupBy`, in a stable order (shared: do not modify). */
export function servedCostsOfDay(
  dataset: EmulatorDataset,
  orgId: string,
  dayStart: number,
  groupBy: readonly CostGroupField[],
  filters: CostFilters,
  adjustments: readonly CostAdjustment[],
): readonly ServedCost[] {
  const day = dateOf(dayStart);
  const key = JSON.stringify([orgId, dayStart, [...groupBy].sort(), filters, adjustments.filter((a) => a.day === day)]);
  const recent = recentDays.get(dataset) ?? [];
  const hit = recent.find((r) => r.key === key);
  if (hit) return hit.served;
  const served = buildServedCostsOfDay(dataset, orgId, dayStart, groupBy, filters, adjustments);
  recentDays.set(dataset, [{ key, served }, ...recent].slice(0, RECENT_DAYS));
  return served;
}

function buildServedCostsOfDay(
  ...[dataset, orgId, dayStart, groupBy, filters, adjustments]: Parameters<typeof servedCostsOfDay>
): ServedCost[] {
  const { atoms, scale } = atomsOfDay(dataset, orgId, dayStart, adjustments);
  const byProject = groupBy.includes("project_id");
  const byLine = groupBy.includes("line_item");
  const byKey = groupBy.includes("api_key_id");
  const groups = new Map<
    string,
    { key: Omit<CostAtom, "units" | "quantity" | "quantity_unit">; units: bigint; quantity: number; unit: string }
  >();
  for (const atom of atoms) {
    if (filters.projectIds.length && !filters.projectIds.includes(atom.project_id ?? "")) continue;
    if (filters.apiKeyIds.length && !filters.apiKeyIds.includes(atom.api_key_id ?? "")) continue;
    const projectId = byProject ? atom.project_id : null;
    const lineItem = byLine ? atom.line_item : "";
    const apiKeyId = byKey ? atom.api_key_id : null;
    // A cheap map key; the JSON id (order and presentation seed) is made once per group below.
    const mapKey = `${projectId}\u0001${lineItem}\u0001${apiKeyId}`;
    const group = groups.get(mapKey);
    if (group) {
      group.units += atom.units;
      group.quantity += atom.quantity;
    } else {
      groups.set(mapKey, {
        key: { project_id: projectId, line_item: lineItem, api_key_id: apiKeyId },
        units: atom.units,
        quantity: atom.quantity,
        unit: atom.quantity_unit ?? "tokens",
      });
    }
  }
  const sig = [...groupBy].sort().join(",");
  return [...groups.values()]
    .map((g) => [JSON.stringify(g.key), g] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([id, g]) => {
      const exact = formatDecimal({ units: g.units, scale });
      const lineItem = byLine ? g.key.line_item : null;
      return {
        project_id: g.key.project_id,
        line_item: lineItem,
        api_key_id: g.key.api_key_id,
        exact,
        ...present(exact, `${dayStart}|${sig}|${id}`),
        quantity: lineItem ? g.quantity : null,
        quantityUnit: lineItem ? g.unit : null,
      };
    });
}

/** One result object as the API writes it. */
export function costResultJson(cost: ServedCost, orgId: string) {
  return {
    object: "organization.costs.result",
    amount: { value: cost.asString ? cost.text : new RawNumber(cost.text), currency: cost.currency },
    line_item: cost.line_item,
    project_id: cost.project_id,
    api_key_id: cost.api_key_id,
    quantity: cost.quantity,
    quantity_unit: cost.quantityUnit,
    organization_id: orgId,
  };
}

/** Ground truth: the exact sum of the served digits per day and project, for a grouping. */
export function costTotals(
  dataset: EmulatorDataset,
  opts: { orgId: string; days: number[]; groupBy: readonly CostGroupField[]; adjustments: readonly CostAdjustment[] },
) {
  const rows: { day: string; project_id: string | null; amount: string; exact: string; results: number }[] = [];
  for (const dayStart of opts.days) {
    const served = servedCostsOfDay(
      dataset,
      opts.orgId,
      dayStart,
      opts.groupBy,
      { projectIds: [], apiKeyIds: [] },
      opts.adjustments,
    );
    const byProject = new Map<string | null, ServedCost[]>();
    for (const s of served) byProject.set(s.project_id, [...(byProject.get(s.project_id) ?? []), s]);
    for (const [project, costs] of [...byProject.entries()].sort(([a], [b]) => (a ?? "").localeCompare(b ?? ""))) {
      rows.push({
        day: dateOf(dayStart),
        project_id: project,
        amount: sumDecimals(costs.map((c) => c.text)),
        exact: sumDecimals(costs.map((c) => c.exact)),
        results: costs.length,
      });
    }
  }
  return { rows, total: sumDecimals(rows.map((r) => r.amount)), exactTotal: sumDecimals(rows.map((r) => r.exact)) };
}
