// The Anthropic side of the seeded generator: one Anthropic organization beside each generated
// OpenAI organization, with workspaces, API keys, members and lazily generated daily usage. It
// draws from its own hash streams (tags 101+), so the OpenAI data stays byte-identical.

import { FIRST_NAMES, KEY_NAMES, LAST_NAMES, ORG_NAMES, PROJECT_NAMES } from "../catalog";
import { hashInts, intBetween, pick, randomId, rngFor, shuffled, type Rng } from "../prng";
import { DAY_SECONDS } from "../types";
import { ANTHROPIC_MODELS, type AnthropicModel } from "./prices";
import type {
  AnthropicApiKeyObject,
  AnthropicCredential,
  AnthropicDataset,
  AnthropicOrganization,
  AnthropicUsageRow,
  AnthropicUserObject,
  WorkspaceObject,
} from "./types";

export interface AnthropicDatasetOptions {
  seed: number;
  organizations: number;
  /** named workspaces per organization (the default workspace comes on top) */
  workspaces: number;
  apiKeysPerWorkspace: number;
  users: number;
  /** models in use, the first N of the price list */
  models: number;
  /** 0..1, average share of (key, model) pairs active on a day */
  density: number;
  firstDayStart: number;
  lastDayStart: number;
}

interface KeyProfile {
  apiKeyId: string | null;
  workspaceId: string | null;
  geo: "global" | "us";
  volume: number;
  models: AnthropicModel[];
  pActive: number;
  batchShare: number;
  priority: boolean;
  webSearch: boolean;
}

const TAG = { org: 101, workspace: 102, user: 103, key: 104, day: 105 } as const;
const DAY_CACHE_SIZE = 64;
const COLORS = ["#6a5acd", "#2e8b57", "#d2691e", "#4682b4", "#c71585", "#708090"];
const iso = (unix: number) => new Date(unix * 1000).toISOString().replace(".000Z", "Z");

export function anthropicAdminKey(seed: number, org: number): string {
  return `sk-ant-admin01-emu-${seed}-${org + 1}`;
}

/** A regular (inference) key: known to the emulator, refused on the Admin API. */
export function anthropicStandardKey(seed: number, org: number): string {
  return `sk-ant-api03-emu-${seed}-${org + 1}`;
}

export function generateAnthropicDataset(options: AnthropicDatasetOptions): AnthropicDataset {
  const organizations: AnthropicOrganization[] = [];
  const credentials: AnthropicCredential[] = [];
  const profilesByOrg: KeyProfile[][] = [];
  for (let o = 0; o < options.organizations; o++) {
    const built = buildOrganization(options, o);
    organizations.push(built.org);
    profilesByOrg.push(built.profiles);
    credentials.push(
      { key: anthropicAdminKey(options.seed, o), kind: "admin", orgId: built.org.id },
      { key: anthropicStandardKey(options.seed, o), kind: "standard", orgId: built.org.id },
    );
  }

  const cache = new Map<string, AnthropicUsageRow[]>();
  const orgDay = (o: number, dayStart: number): AnthropicUsageRow[] => {
    const key = `${o}:${dayStart}`;
    const hit = cache.get(key);
    if (hit) return hit;
    const rows =
      dayStart < options.firstDayStart || dayStart > options.lastDayStart
        ? []
        : generateOrgDay(options.seed, o, profilesByOrg[o], dayStart);
    if (cache.size >= DAY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(key, rows);
    return rows;
  };

  return {
    organizations,
    credentials,
    dayUsage(dayStartUnix, orgId) {
      if (dayStartUnix % DAY_SECONDS !== 0) throw new Error("dayStartUnix must be a UTC midnight");
      const indexes = organizations.flatMap((org, i) => (orgId === undefined || org.id === orgId ? [i] : []));
      return indexes.length === 1 ? orgDay(indexes[0], dayStartUnix) : indexes.flatMap((i) => orgDay(i, dayStartUnix));
    },
  };
}

function buildOrganization(options: AnthropicDatasetOptions, o: number) {
  const { seed } = options;
  const rng = rngFor(seed, TAG.org, o);
  const orgName = ORG_NAMES[o % ORG_NAMES.length] + (o >= ORG_NAMES.length ? ` ${o + 1}` : "");
  const domain = `${orgName.toLowerCase().replace(/[^a-z0-9]+/g, "-")}.example.com`;
  const created = options.firstDayStart - intBetween(rng, 200, 300) * DAY_SECONDS;
  const orgId = `${randomId(rng, 8)}-${randomId(rng, 4)}-${randomId(rng, 4)}-${randomId(rng, 12)}`.toLowerCase();

  const users: AnthropicUserObject[] = Array.from({ length: options.users }, (_, u) => {
    const urng = rngFor(seed, TAG.user, o, u);
    const first = FIRST_NAMES[(u * 5 + o) % FIRST_NAMES.length];
    const last = LAST_NAMES[(u * 3 + o * 7) % LAST_NAMES.length];
    const suffix = u >= FIRST_NAMES.length ? String(u) : "";
    return {
      id: `user_${randomId(urng, 24)}`,
      type: "user",
      email: `${first}.${last}${suffix}@${domain}`.toLowerCase(),
      name: `${first} ${last}`,
      role: u === 0 ? "admin" : pick(urng, ["user", "developer", "developer", "billing"] as const),
      added_at: iso(created + intBetween(urng, 0, 120) * DAY_SECONDS),
    };
  });

  const workspaces: WorkspaceObject[] = [];
  const apiKeys: AnthropicApiKeyObject[] = [];
  const profiles: KeyProfile[] = [];
  // Workspace -1 is the default workspace: it has no id, and a Console (Workbench) user with no key.
  for (let w = -1; w < options.workspaces; w++) {
    let workspaceId: string | null = null;
    if (w >= 0) {
      const wrng = rngFor(seed, TAG.workspace, o, w);
      const name = PROJECT_NAMES[(w + 3) % PROJECT_NAMES.length];
      workspaceId = `wrkspc_${randomId(wrng, 24)}`;
      workspaces.push({
        id: workspaceId,
        type: "workspace",
        name: w >= PROJECT_NAMES.length ? `${name} ${w + 1}` : name,
        created_at: iso(created + intBetween(wrng, 1, 150) * DAY_SECONDS),
        archived_at: null,
        display_color: COLORS[w % COLORS.length],
      });
    }
    const keyCount = w < 0 ? 1 : options.apiKeysPerWorkspace;
    for (let k = 0; k < keyCount; k++) {
      const krng = rngFor(seed, TAG.key, o, w + 1, k);
      const id = `apikey_${randomId(krng, 24)}`;
      const owner = pick(krng, users);
      apiKeys.push({
        id,
        type: "api_key",
        name: `${owner.name.split(" ")[0]}'s ${KEY_NAMES[k % KEY_NAMES.length]}${k >= KEY_NAMES.length ? ` ${k + 1}` : ""}`,
        workspace_id: workspaceId,
        created_at: iso(created + intBetween(krng, 0, 150) * DAY_SECONDS),
        created_by: { id: owner.id, type: "user" },
        partial_key_hint: `sk-ant-api03-${randomId(krng, 3)}...${randomId(krng, 4)}`,
        status: "active",
      });
      profiles.push(keyProfile(krng, id, workspaceId, options));
    }
    if (w < 0) profiles.push({ ...keyProfile(rngFor(seed, TAG.key, o, 0, 999), null, null, options), volume: 3 });
  }

  return { org: { id: orgId, name: orgName, workspaces, apiKeys, users }, profiles };
}

function keyProfile(
  rng: Rng,
  apiKeyId: string | null,
  workspaceId: string | null,
  options: AnthropicDatasetOptions,
): KeyProfile {
  const available = ANTHROPIC_MODELS.slice(0, Math.max(1, Math.min(options.models, ANTHROPIC_MODELS.length)));
  const subset = shuffled(rng, available).slice(
    0,
    Math.max(1, Math.ceil(available.length * Math.min(1, 2 * options.density))),
  );
  const gaussian = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return {
    apiKeyId,
    workspaceId,
    geo: rng() < 0.8 ? "global" : "us",
    volume: 25 * Math.exp(gaussian * 0.8),
    models: subset,
    pActive: Math.min(1, (options.density * available.length) / subset.length),
    batchShare: rng() < 0.3 ? 0.4 : 0,
    priority: rng() < 0.15,
    webSearch: rng() < 0.3,
  };
}

function generateOrgDay(seed: number, o: number, profiles: KeyProfile[], dayStart: number): AnthropicUsageRow[] {
  const dayNumber = dayStart / DAY_SECONDS;
  const weekday = (dayNumber + 4) % 7;
  const dayFactor = (weekday === 0 || weekday === 6 ? 0.5 : 1) * (1 + 0.2 * Math.cos(dayNumber / 17));
  const rows: AnthropicUsageRow[] = [];
  for (let k = 0; k < profiles.length; k++) {
    const key = profiles[k];
    const rng = rngFor(hashInts(seed, TAG.day, o), dayNumber, k);
    for (const model of key.models) {
      if (rng() >= key.pActive) continue;
      const requests = Math.max(1, Math.round(key.volume * model.volume * dayFactor * (0.4 + 1.2 * rng())));
      rows.push(usageRow(rng, key, model, requests, "standard", "0-200k"));
      if (model.longContext && rng() < 0.15) {
        rows.push(usageRow(rng, key, model, Math.max(1, Math.round(requests * 0.05)), "standard", "200k-1M"));
      }
      if (key.batchShare > 0 && rng() < key.batchShare) {
        rows.push(usageRow(rng, key, model, Math.max(1, Math.round(requests * 0.5)), "batch", "0-200k"));
      }
      if (key.priority && rng() < 0.5) {
        rows.push(usageRow(rng, key, model, Math.max(1, Math.round(requests * 0.3)), "priority", "0-200k"));
      }
    }
  }
  return rows;
}

function usageRow(
  rng: Rng,
  key: KeyProfile,
  model: AnthropicModel,
  requests: number,
  tier: AnthropicUsageRow["service_tier"],
  context: AnthropicUsageRow["context_window"],
): AnthropicUsageRow {
  const perRequest = context === "0-200k" ? model.avgInput : 230_000;
  const input = Math.round(requests * perRequest * (0.6 + 0.8 * rng()));
  const cacheRead = Math.floor(input * 0.5 * rng());
  const write5m = Math.floor(input * 0.1 * rng());
  const write1h = rng() < 0.3 ? Math.floor(input * 0.05 * rng()) : 0;
  return {
    api_key_id: key.apiKeyId,
    workspace_id: key.workspaceId,
    model: model.name,
    service_tier: tier,
    context_window: context,
    inference_geo: key.geo,
    uncached_input_tokens: input - cacheRead - write5m - write1h,
    cache_read_input_tokens: cacheRead,
    cache_creation_5m_input_tokens: write5m,
    cache_creation_1h_input_tokens: write1h,
    output_tokens: Math.round(requests * model.avgOutput * (0.6 + 0.8 * rng())),
    web_search_requests: key.webSearch && tier !== "batch" ? Math.floor(requests * 0.2 * rng()) : 0,
  };
}
