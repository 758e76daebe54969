// The eager part of the emulator's dataset: one organization's people, projects, keys, service
// accounts, admin keys and certificates, and the usage profile of each API key.

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
import { intBetween, pick, randomId, rngFor, shuffled, type Rng } from "./prng";
import {
  DAY_SECONDS,
  type AdminApiKeyObject,
  type CertificateObject,
  type Credential,
  type Organization,
  type ProjectApiKeyObject,
  type ProjectObject,
  type ProjectUserObject,
  type ServiceAccountObject,
} from "./types";
import type { DatasetOptions } from "./dataset";

export interface KeyProfile {
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
export const TAG = { org: 1, project: 2, user: 3, key: 4, day: 5, sa: 6, cert: 7, admin: 8 } as const;

export function buildOrganization(
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
