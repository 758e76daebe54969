// Seeded, deterministic synthetic OpenAI organization: entities are built eagerly (small), usage is
// generated lazily per UTC day from hash(seed, org, day, api key), so any day can be produced alone,
// in any order, identically on every run, and a year of a large org never sits in memory.

import { generateAnthropicDataset } from "./anthropic/dataset";
import {
  completionModels,
  EMBEDDING_MODELS,
  FIRST_NAMES,
  KEY_NAMES,
  LAST_NAMES,
  ORG_NAMES,
  PROJECT_NAMES,
  SERVICE_ACCOUNT_NAMES,
  type ModelProfile,
} from "./catalog";
import { buildExtraProfile, generateExtraDay, withCompletionDetails, type ExtraOrgProfile } from "./extra-dataset";
import { emptyExtraDay, type ExtraDayUsage } from "./extra-types";
import { hashInts, intBetween, pick, randomId, rngFor, shuffled, type Rng } from "./prng";
import {
  DAY_SECONDS,
  dateOf,
  dayStartOf,
  type AdminApiKeyObject,
  type CertificateObject,
  type CompletionsRow,
  type Credential,
  type DayUsage,
  type EmbeddingsRow,
  type EmulatorDataset,
  type Organization,
  type ProjectApiKeyObject,
  type ProjectObject,
  type ProjectUserObject,
  type ServiceAccountObject,
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

interface KeyProfile {
  apiKeyId: string;
  projectId: string;
  /** usage stops at the start of this day (archived project), else Infinity */
  activeUntil: number;
  userId: string | null;
  volume: number;
  models: ModelProfile[];
  pActive: number;
  batchShare: number;
  embedding: { model: string; pActive: number } | null;
}

// Tags keep the hash streams of different purposes apart.
const TAG = { org: 1, project: 2, user: 3, key: 4, day: 5, sa: 6, cert: 7, admin: 8 } as const;

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

function buildOrganization(
  options: DatasetOptions,
  o: number,
  firstDayStart: number,
  lastDayStart: number,
  density: number,
): { org: Organization; credentials: Credential[]; profiles: KeyProfile[] } {
  const { seed } = options;
  const rng = rngFor(seed, TAG.org, o);
  const orgName = ORG_NAMES[o % ORG_NAMES.length] + (o >= ORG_NAMES.length ? ` ${o + 1}` : "");
  const slug = orgName.toLowerCase().replace(/[^a-z0-9]+/g, "-");
  const domain = `${slug}.example.com`;
  const orgId = `org_${randomId(rng, 24)}`;
  const orgCreated = firstDayStart - intBetween(rng, 250, 400) * DAY_SECONDS;
  const adminCredential = `sk-admin-emu-${seed}-${o + 1}`;
  const credentials: Credential[] = [{ key: adminCredential, kind: "admin", orgId }];

  const orgUsers = Array.from({ length: options.users }, (_, u) => {
    const urng = rngFor(seed, TAG.user, o, u);
    const first = FIRST_NAMES[(u + o * 7) % FIRST_NAMES.length];
    const last = LAST_NAMES[(u * 7 + o * 3 + Math.floor(u / FIRST_NAMES.length)) % LAST_NAMES.length];
    const suffix = u >= FIRST_NAMES.length ? String(u) : "";
    return {
      id: `user_${randomId(urng, 24)}`,
      name: `${first} ${last}`,
      email: `${first}.${last}${suffix}@${domain}`.toLowerCase(),
      created_at: orgCreated + intBetween(urng, 0, 90) * DAY_SECONDS,
    };
  });

  const modelProfiles = completionModels(options.models, slug);
  const archivedCount = Math.min(options.archivedProjects ?? 0, options.projects);
  const archiveAt = firstDayStart + Math.floor((options.days * 2) / 3) * DAY_SECONDS + 3600 * 15;

  const org: Organization = {
    id: orgId,
    name: orgName,
    projects: [],
    projectUsers: new Map(),
    serviceAccounts: new Map(),
    projectApiKeys: new Map(),
    adminApiKeys: [],
    certificates: [],
  };
  const profiles: KeyProfile[] = [];

  for (let p = 0; p < options.projects; p++) {
    const prng = rngFor(seed, TAG.project, o, p);
    const archived = p >= options.projects - archivedCount;
    const name =
      PROJECT_NAMES[p % PROJECT_NAMES.length] +
      (p >= PROJECT_NAMES.length ? ` ${Math.floor(p / PROJECT_NAMES.length) + 1}` : "");
    const project: ProjectObject = {
      id: `proj_${randomId(prng, 24)}`,
      object: "organization.project",
      name,
      created_at: orgCreated + intBetween(prng, 1, 150) * DAY_SECONDS + intBetween(prng, 0, 86_399),
      archived_at: archived ? archiveAt : null,
      status: archived ? "archived" : "active",
    };
    org.projects.push(project);

    const memberCount = Math.max(
      1,
      Math.min(orgUsers.length, Math.round(orgUsers.length * 0.4) + intBetween(prng, 0, 2)),
    );
    const members: ProjectUserObject[] = shuffled(prng, orgUsers)
      .slice(0, memberCount)
      .map((user, i) => ({
        object: "organization.project.user",
        id: user.id,
        name: user.name,
        email: user.email,
        role: i === 0 ? "owner" : "member",
        added_at: project.created_at + intBetween(prng, 0, 30) * DAY_SECONDS,
      }));
    org.projectUsers.set(project.id, members);

    const serviceAccounts: ServiceAccountObject[] = Array.from({ length: 1 + (prng() < 0.4 ? 1 : 0) }, (_, s) => ({
      object: "organization.project.service_account",
      id: `svc_acct_${randomId(rngFor(seed, TAG.sa, o, p, s), 20)}`,
      name: SERVICE_ACCOUNT_NAMES[(p + s) % SERVICE_ACCOUNT_NAMES.length],
      role: s === 0 ? "member" : "owner",
      created_at: project.created_at + intBetween(prng, 0, 10) * DAY_SECONDS,
    }));
    org.serviceAccounts.set(project.id, serviceAccounts);

    const standardCredential = `sk-proj-emu-${seed}-${o + 1}-${p + 1}`;
    credentials.push({ key: standardCredential, kind: "standard", orgId, projectId: project.id });

    const keys: ProjectApiKeyObject[] = [];
    for (let k = 0; k < options.apiKeysPerProject; k++) {
      const krng = rngFor(seed, TAG.key, o, p, k);
      const apiKeyId = `key_${randomId(krng, 16)}`;
      const bySa = krng() < 0.25;
      const member = pick(krng, members);
      const sa = pick(krng, serviceAccounts);
      const last4 = k === 0 ? standardCredential.slice(-4) : randomId(krng, 4);
      const keyName = bySa
        ? `${sa.name} ${KEY_NAMES[k % KEY_NAMES.length]}`
        : `${member.name?.split(" ")[0]}'s ${KEY_NAMES[k % KEY_NAMES.length]}`;
      keys.push({
        object: "organization.project.api_key",
        redacted_value: `sk-proj-****${last4}`,
        name: k >= KEY_NAMES.length ? `${keyName} ${k + 1}` : keyName,
        created_at: project.created_at + intBetween(krng, 0, 60) * DAY_SECONDS,
        last_used_at: (archived ? archiveAt : lastDayStart) + intBetween(krng, 0, 80_000),
        id: apiKeyId,
        owner_project_access: "active",
        owner: bySa
          ? {
              type: "service_account",
              service_account: { id: sa.id, name: sa.name, created_at: sa.created_at, role: sa.role },
            }
          : {
              type: "user",
              user: {
                id: member.id,
                email: member.email ?? "",
                name: member.name ?? "",
                created_at: member.added_at,
                role: member.role,
              },
            },
      });
      profiles.push(
        keyProfile(
          krng,
          apiKeyId,
          project.id,
          archived ? archiveAt : Infinity,
          bySa ? null : member.id,
          bySa,
          modelProfiles,
          density,
        ),
      );
    }
    org.projectApiKeys.set(project.id, keys);
  }

  const arng = rngFor(seed, TAG.admin, o);
  const owner = orgUsers[0];
  const adminOwner = {
    type: "user",
    object: "organization.user",
    id: owner.id,
    name: owner.name,
    created_at: owner.created_at,
    role: "owner",
  };
  org.adminApiKeys = [
    adminKey(
      `key_${randomId(arng, 16)}`,
      "Main Admin Key",
      `sk-admin****${adminCredential.slice(-4)}`,
      orgCreated + DAY_SECONDS,
      null,
      lastDayStart,
      adminOwner,
    ),
    adminKey(
      `key_${randomId(arng, 16)}`,
      "CogniTrack usage sync",
      `sk-admin****${randomId(arng, 4)}`,
      firstDayStart - 30 * DAY_SECONDS,
      lastDayStart + 365 * DAY_SECONDS,
      null,
      adminOwner,
    ),
  ];

  const crng = rngFor(seed, TAG.cert, o);
  org.certificates = [0, 1].map((c): CertificateObject => {
    const created = orgCreated + (c + 1) * 40 * DAY_SECONDS;
    return {
      object: "organization.certificate",
      id: `cert_${randomId(crng, 24)}`,
      name: c === 0 ? "mTLS gateway 2024" : "mTLS gateway (current)",
      created_at: created,
      certificate_details: { valid_at: created, expires_at: created + (c === 0 ? 120 : 730) * DAY_SECONDS },
      active: c === 1,
    };
  });
  return { org, credentials, profiles };
}

function adminKey(
  id: string,
  name: string,
  redacted: string,
  createdAt: number,
  expiresAt: number | null,
  lastUsedAt: number | null,
  owner: Record<string, unknown>,
): AdminApiKeyObject {
  return {
    object: "organization.admin_api_key",
    id,
    name,
    redacted_value: redacted,
    created_at: createdAt,
    expires_at: expiresAt,
    last_used_at: lastUsedAt,
    owner,
  };
}

function keyProfile(
  rng: Rng,
  apiKeyId: string,
  projectId: string,
  activeUntil: number,
  ownerUserId: string | null,
  bySa: boolean,
  modelProfiles: ModelProfile[],
  density: number,
): KeyProfile {
  const m = modelProfiles.length;
  // Each key uses a subset of the models; activity inside the subset is raised so that on average
  // `density` of all (key, model) pairs are active on a day.
  const subsetSize = Math.max(1, Math.min(m, Math.ceil(m * Math.min(1, 2 * density))));
  const models = shuffled(rng, modelProfiles).slice(0, subsetSize);
  const gaussian = Math.sqrt(-2 * Math.log(1 - rng())) * Math.cos(2 * Math.PI * rng());
  return {
    apiKeyId,
    projectId,
    activeUntil,
    userId: ownerUserId !== null && rng() < 0.75 ? ownerUserId : null,
    volume: 30 * Math.exp(gaussian * 0.9) * (bySa ? 2 : 1),
    models,
    pActive: Math.min(1, (density * m) / subsetSize),
    batchShare: rng() < 0.25 ? 0.35 : 0,
    embedding: rng() < 0.35 ? { model: pick(rng, EMBEDDING_MODELS), pActive: density } : null,
  };
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
    service_tier: tier,
  };
}
