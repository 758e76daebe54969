/**
 * A small, deterministic usage history written through the real ingestion upsert, plus the
 * expected sums computed in plain TypeScript from the same records.
 */
import { providerCatalog } from "@/db/schema";
import type { Db } from "@/db/types";
import type { AnalyticsFilters, UsageSums } from "@/lib/analytics";
import { upsertUsageBuckets } from "@/lib/ingestion/persist";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { priceUsageRow } from "@/lib/pricing";
import type { NormalizedUsageRecord } from "@/lib/providers/types";
import type { ActingAs } from "@/lib/orgs/types";
import { createTestOrg } from "../test-db";

export const FIRST_DAY = "2025-01-20";
export const DAYS = 75; // crosses three month boundaries, so cubes mix month and day rows

const MODELS = [
  "gpt-4o-mini-2024-07-18",
  "gpt-4.1-2025-04-14",
  "o3-mini-2025-01-31",
  "text-embedding-3-small",
  "mystery-model-1", // no price: cost must stay null for it alone
];
const PROJECTS = ["proj_alpha", "proj_beta", null];
const API_KEYS = ["key_a1", "key_a2", "key_b1", null];
const USERS = ["user-ada", "user-ben", "svc_acct_bot", null];
const TIERS = ["default", "flex", null];

export function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY_MS = 86_400_000;
export const dayOf = (r: NormalizedUsageRecord) => r.windowStart.toISOString().slice(0, 10);

export function generateRecords(seed: number, days = DAYS, first = FIRST_DAY): NormalizedUsageRecord[] {
  const rng = mulberry32(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rng() * xs.length)]!;
  const out: NormalizedUsageRecord[] = [];
  const seen = new Set<string>();
  const t0 = Date.parse(`${first}T00:00:00Z`);
  for (let d = 0; d < days; d++) {
    for (let i = 0; i < 6; i++) {
      if (rng() < 0.25) continue;
      const apiKeyId = pick(API_KEYS);
      const r: NormalizedUsageRecord = {
        provider: "openai",
        source: "completions",
        model: pick(MODELS),
        windowStart: new Date(t0 + d * DAY_MS),
        windowEnd: new Date(t0 + (d + 1) * DAY_MS),
        inputTokens: 0,
        outputTokens: Math.floor(rng() * 50_000),
        cachedInputTokens: 0,
        requests: 1 + Math.floor(rng() * 40),
        projectId: apiKeyId === null ? pick(PROJECTS) : apiKeyId.startsWith("key_a") ? "proj_alpha" : "proj_beta",
        apiKeyId,
        providerUserId: pick(USERS),
        serviceTier: pick(TIERS),
        batch: rng() < 0.2 ? true : rng() < 0.1 ? null : false,
      };
      r.inputTokens = Math.floor(rng() * 200_000);
      r.cachedInputTokens = Math.floor(r.inputTokens * rng() * 0.5);
      const k = [
        r.model,
        r.windowStart.getTime(),
        r.projectId,
        r.apiKeyId,
        r.providerUserId,
        r.serviceTier,
        r.batch,
      ].join("|");
      if (seen.has(k)) continue;
      seen.add(k);
      out.push(r);
    }
  }
  return out;
}

/** A new organization (owned by a new user) with one admin key; usage is stored on the key's account. */
export async function createOrgWithKey(db: Db, label: string) {
  const { org, user, actor } = await createTestOrg(db, "owner", label);
  const { key } = await createKey(
    db,
    actor,
    createKeySchema.parse({
      provider: "openai",
      label: `${label} key`,
      apiKey: "sk-admin-TESTONLYnotarealkey0000000000wxyz",
      usageMode: "admin",
      organizationId: "org-test",
      projectId: "proj_alpha",
    }),
  );
  return { org, orgId: org.id, user, actor, key, accountId: key.accountId };
}

/** A standard key: always its own provider account. */
export async function addKey(db: Db, actor: ActingAs, label: string) {
  const { key } = await createKey(
    db,
    actor,
    createKeySchema.parse({
      provider: "openai",
      label,
      apiKey: "sk-proj-TESTONLYnotarealkey00000000abcd",
      usageMode: "standard",
    }),
  );
  return key;
}

/** Pages of 40, like ingestion's per-page upserts. */
export async function store(
  db: Db,
  target: { orgId: string; accountId: string; simulated?: boolean },
  records: NormalizedUsageRecord[],
) {
  for (let i = 0; i < records.length; i += 40) {
    await upsertUsageBuckets(db, { simulated: false, ...target }, records.slice(i, i + 40));
  }
}

export async function addCatalog(db: Db, orgId: string, accountId: string) {
  const entries = [
    { kind: "project" as const, externalId: "proj_alpha", name: 'Checkout, "Assistant"' },
    { kind: "project" as const, externalId: "proj_beta", name: "Support\nCopilot" },
    { kind: "api_key" as const, externalId: "key_a1", name: "Ada's Production" },
    { kind: "api_key" as const, externalId: "key_a2", name: "deploy-bot CI" },
    { kind: "user" as const, externalId: "user-ada", name: "Ada Okafor", details: { email: "ada@example.com" } },
    { kind: "user" as const, externalId: "user-ben", name: "", details: { email: "ben@example.com" } },
    { kind: "service_account" as const, externalId: "svc_acct_bot", name: "deploy-bot" },
  ];
  await db.insert(providerCatalog).values(entries.map((e) => ({ orgId, accountId, details: null, ...e })));
}

export interface Tagged extends NormalizedUsageRecord {
  accountId: string;
  simulated: boolean;
}

export function matches(r: Tagged, f: AnalyticsFilters): boolean {
  const day = dayOf(r);
  return (
    day >= f.start &&
    day <= f.end &&
    (f.accountId === undefined || r.accountId === f.accountId) &&
    (f.provider === undefined || r.provider === f.provider) &&
    (f.model === undefined || r.model === f.model) &&
    (f.projectId === undefined || r.projectId === f.projectId) &&
    (f.apiKeyId === undefined || r.apiKeyId === f.apiKeyId) &&
    (f.providerUserId === undefined || r.providerUserId === f.providerUserId) &&
    (f.serviceTier === undefined || r.serviceTier === f.serviceTier) &&
    (f.batch === undefined || r.batch === f.batch)
  );
}

export function expectedSums(records: Tagged[]): UsageSums {
  let cost: number | null = null;
  const sums = { inputTokens: 0, outputTokens: 0, cachedInputTokens: 0, requests: 0 };
  for (const r of records) {
    sums.inputTokens += r.inputTokens;
    sums.outputTokens += r.outputTokens;
    sums.cachedInputTokens += r.cachedInputTokens;
    sums.requests += r.requests;
    const c = priceUsageRow(r, r.windowStart);
    if (c !== null) cost = (cost ?? 0) + Number(c);
  }
  return { ...sums, costUsd: cost };
}
