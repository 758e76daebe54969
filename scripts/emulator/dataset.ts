// Seeded, deterministic synthetic OpenAI organization: entities are built eagerly (small), usage is
// generated lazily per UTC day from hash(seed, org, day, api key), so any day can be produced alone,
// in any order, identically on every run, and a year of a large org never sits in memory.

import { generateAnthropicDataset } from "./anthropic/dataset";
import type { ModelProfile } from "./catalog";
import { buildExtraProfile, generateExtraDay, withCompletionDetails, type ExtraOrgProfile } from "./extra-dataset";
import { emptyExtraDay, type ExtraDayUsage } from "./extra-types";
import { hasPriorityPrice } from "./openai-prices";
import { hashInts, rngFor, type Rng } from "./prng";
import { buildOrganization, TAG, type KeyProfile } from "./organization";
import {
  DAY_SECONDS,
  dateOf,
  dayStartOf,
  type CompletionsRow,
  type Credential,
  type DayUsage,
  type EmbeddingsRow,
  type EmulatorDataset,
  type Organization,
  type ServiceTier,
} from "./types";

export { computeUsageTotals, type UsageTotals, type TotalsDimension } from "./totals";

export interface DatasetOptions {
  seed: number;
  organizations?: number;
  projects: number;
  apiKeysPerProject: number;
  /** organization members; each project gets a subset of them */
  users: number;
  /** distinct completion models in use across the org */
  models: number;
  days: number;
  /** last day with data, YYYY-MM-DD (UTC, inclusive) */
  endDate: string;
  /** 0..1, average fraction of (api key, model) pairs active on a day; default 0.3 */
  density?: number;
  /** how many projects (the last ones) are archived two thirds into the range; default 0 */
  archivedProjects?: number;
  /**
   * The Anthropic organization beside each OpenAI one (its own hash streams, so the OpenAI data is
   * the same with or without it); false = none. Defaults: half the projects as workspaces, half the
   * keys per workspace, half the users, up to 5 models.
   */
  anthropic?: false | { workspaces?: number; apiKeysPerWorkspace?: number; users?: number; models?: number };
  /**
   * Also generate the other usage endpoints (moderations, images, audio, web/file search, code
   * interpreter, vector stores) and the newer completions detail counters (cache writes, image and
   * cached audio tokens). Default false: those endpoints answer with empty buckets and every
   * existing value and ground truth stays exactly as it was.
   */
  extraUsage?: boolean;
}

const DAY_CACHE_SIZE = 64;

export function generateDataset(options: DatasetOptions): EmulatorDataset {
  const { seed, projects, apiKeysPerProject, users, models, days, endDate } = options;
  const orgCount = options.organizations ?? 1;
  const density = options.density ?? 0.3;
  for (const [name, value] of Object.entries({ orgCount, projects, apiKeysPerProject, users, models, days })) {
    if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer`);
  }
  if (!(density >= 0 && density <= 1)) throw new Error("density must be between 0 and 1");
  const lastDayStart = dayStartOf(endDate);
  const firstDayStart = lastDayStart - (days - 1) * DAY_SECONDS;

  const organizations: Organization[] = [];
  const credentials: Credential[] = [];
  const profilesByOrg: KeyProfile[][] = [];
  for (let o = 0; o < orgCount; o++) {
    const built = buildOrganization(options, o, firstDayStart, lastDayStart, density);
    organizations.push(built.org);
    credentials.push(...built.credentials);
    profilesByOrg.push(built.profiles);
  }

  const extraProfiles: ExtraOrgProfile[] | null = options.extraUsage
    ? profilesByOrg.map((profiles, o) => buildExtraProfile(seed, o, profiles))
    : null;
  const extraCache = new Map<string, ExtraDayUsage>();
  const extraOrgDay = (orgIndex: number, dayStart: number): ExtraDayUsage => {
    const cacheKey = `${orgIndex}:${dayStart}`;
    const hit = extraCache.get(cacheKey);
    if (hit) return hit;
    const usage =
      !extraProfiles || dayStart < firstDayStart || dayStart > lastDayStart
        ? emptyExtraDay()
        : generateExtraDay(seed, orgIndex, extraProfiles[orgIndex], dayStart, firstDayStart);
    if (extraCache.size >= DAY_CACHE_SIZE) extraCache.delete(extraCache.keys().next().value as string);
    extraCache.set(cacheKey, usage);
    return usage;
  };

  const cache = new Map<string, DayUsage>();
  const orgDay = (orgIndex: number, dayStart: number): DayUsage => {
    const cacheKey = `${orgIndex}:${dayStart}`;
    const hit = cache.get(cacheKey);
    if (hit) return hit;
    const usage =
      dayStart < firstDayStart || dayStart > lastDayStart
        ? { completions: [], embeddings: [] }
        : generateOrgDay(seed, orgIndex, profilesByOrg[orgIndex], dayStart);
    if (extraProfiles) usage.completions = withCompletionDetails(seed, orgIndex, dayStart, usage.completions);
    if (cache.size >= DAY_CACHE_SIZE) cache.delete(cache.keys().next().value as string);
    cache.set(cacheKey, usage);
    return usage;
  };

  const anthropic =
    options.anthropic === false
      ? undefined
      : generateAnthropicDataset({
          seed,
          organizations: orgCount,
          workspaces: options.anthropic?.workspaces ?? Math.max(1, Math.ceil(projects / 2)),
          apiKeysPerWorkspace: options.anthropic?.apiKeysPerWorkspace ?? Math.max(1, Math.ceil(apiKeysPerProject / 2)),
          users: options.anthropic?.users ?? Math.max(2, Math.ceil(users / 2)),
          models: options.anthropic?.models ?? Math.min(5, Math.max(2, models)),
          density,
          firstDayStart,
          lastDayStart,
        });

  return {
    source: "generated",
    seed,
    organizations,
    credentials,
    anthropic,
    firstDay: dateOf(firstDayStart),
    lastDay: endDate,
    dayUsage(dayStartUnix, orgId) {
      if (dayStartUnix % DAY_SECONDS !== 0) throw new Error("dayStartUnix must be a UTC midnight");
      const indexes = organizations.flatMap((org, i) => (orgId === undefined || org.id === orgId ? [i] : []));
      if (indexes.length === 1) return orgDay(indexes[0], dayStartUnix);
      const all: DayUsage = { completions: [], embeddings: [] };
      for (const i of indexes) {
        const day = orgDay(i, dayStartUnix);
        all.completions.push(...day.completions);
        all.embeddings.push(...day.embeddings);
      }
      return all;
    },
    ...(extraProfiles
      ? {
          extraUsage(dayStartUnix: number, orgId?: string): ExtraDayUsage {
            if (dayStartUnix % DAY_SECONDS !== 0) throw new Error("dayStartUnix must be a UTC midnight");
            const all = emptyExtraDay();
            organizations.forEach((org, i) => {
              if (orgId !== undefined && org.id !== orgId) return;
              const day = extraOrgDay(i, dayStartUnix);
              for (const kind of Object.keys(all) as (keyof ExtraDayUsage)[]) {
                (all[kind] as unknown[]).push(...day[kind]);
              }
            });
            return all;
          },
        }
      : {}),
  };
}

/** Finest-grain usage of one UTC day (all organizations unless orgId). Treat as read-only. */
export function usageForDay(dataset: EmulatorDataset, dayStartUnix: number, orgId?: string): DayUsage {
  return dataset.dayUsage(dayStartUnix, orgId);
}

function pickTier(r: number): ServiceTier {
  if (r < 0.5) return null;
  if (r < 0.8) return "default";
  return r < 0.9 ? "flex" : "priority";
}

function generateOrgDay(seed: number, orgIndex: number, profiles: KeyProfile[], dayStart: number): DayUsage {
  const dayNumber = dayStart / DAY_SECONDS;
  const weekday = (dayNumber + 4) % 7; // 1970-01-01 was a Thursday; 0 = Sunday
  const dayFactor = (weekday === 0 || weekday === 6 ? 0.45 : 1) * (1 + 0.25 * Math.sin(dayNumber / 29));
  const completions: CompletionsRow[] = [];
  const embeddings: EmbeddingsRow[] = [];
  for (let k = 0; k < profiles.length; k++) {
    const key = profiles[k];
    if (dayStart >= key.activeUntil) continue;
    const rng = rngFor(hashInts(seed, TAG.day, orgIndex), dayNumber, k);
    for (const model of key.models) {
      if (rng() >= key.pActive) continue;
      const requests = Math.max(1, Math.round(key.volume * model.volume * dayFactor * (0.4 + 1.2 * rng())));
      completions.push(completionRow(rng, key, model, requests, false, pickTier(rng())));
      if (key.batchShare > 0 && rng() < key.batchShare) {
        const batchRequests = Math.max(1, Math.round(requests * (0.2 + 0.8 * rng())));
        completions.push(completionRow(rng, key, model, batchRequests, true, rng() < 0.7 ? null : "default"));
      }
    }
    if (key.embedding && rng() < key.embedding.pActive) {
      const requests = Math.max(1, Math.round(key.volume * 2 * dayFactor * (0.4 + 1.2 * rng())));
      embeddings.push({
        input_tokens: Math.round(requests * 350 * (0.5 + rng())),
        num_model_requests: requests,
        project_id: key.projectId,
        user_id: key.userId,
        api_key_id: key.apiKeyId,
        model: key.embedding.model,
      });
    }
  }
  return { completions, embeddings };
}

function completionRow(
  rng: Rng,
  key: KeyProfile,
  model: ModelProfile,
  requests: number,
  batch: boolean,
  tier: ServiceTier,
): CompletionsRow {
  const input = Math.round(requests * model.avgInput * (0.6 + 0.8 * rng()));
  const output = Math.round(requests * model.avgOutput * (0.6 + 0.8 * rng()));
  return {
    input_tokens: input,
    output_tokens: output,
    input_cached_tokens: Math.floor(input * model.cacheRate * rng()),
    input_audio_tokens: model.audio ? Math.floor(input * 0.4 * rng()) : 0,
    output_audio_tokens: model.audio ? Math.floor(output * 0.5 * rng()) : 0,
    num_model_requests: requests,
    project_id: key.projectId,
    user_id: key.userId,
    api_key_id: key.apiKeyId,
    model: model.name,
    batch,
    // OpenAI serves a priority request for a model without a priority price at the default tier, and says so.
    service_tier: tier === "priority" && !hasPriorityPrice(model.name) ? "default" : tier,
  };
}
