// A dataset backed by the JSON files in spikes/fixtures/ instead of the generator. Usage pages are
// served verbatim (page 2 is reached by following page 1's next_page); admin lists are paginated
// from the files' contents; ground-truth totals are the sums of the served usage pages.
//
// Project-scoped files (project_users.json, service_accounts.json, project_api_keys.json) are
// objects keyed by project id, each value the exact list response for that project.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { join } from "node:path";
import {
  DAY_SECONDS,
  dateOf,
  type AdminApiKeyObject,
  type CertificateObject,
  type CompletionsRow,
  type Credential,
  type DayUsage,
  type EmbeddingsRow,
  type EmulatorDataset,
  type FixturePageChain,
  type Organization,
  type ProjectApiKeyObject,
  type ProjectObject,
  type ProjectUserObject,
  type ServiceAccountObject,
} from "./types";

export const DEFAULT_FIXTURES_DIR = fileURLToPath(new URL("../../spikes/fixtures/", import.meta.url));
export const FIXTURE_ORG_ID = "org_Fx9aK2mQ7wL4tR8vB3nY6pZ1";
export const FIXTURE_ADMIN_KEY = "sk-admin-emu-fixtures";

/** Completions fixture sets, selectable per request with the `x-emulator-fixture` header. */
export const COMPLETIONS_FIXTURE_SETS: Record<string, string[]> = {
  usage_completions: ["usage_completions.json", "usage_completions_page2.json"],
  usage_completions_dual: ["usage_completions_dual.json"],
};

interface Page {
  data: Array<{ start_time: number; results: Array<Record<string, unknown>> }>;
  next_page: string | null;
}

interface ListFile<T> {
  data: T[];
}

export interface FixtureDatasetOptions {
  dir?: string;
  /** completions set served when no x-emulator-fixture header is sent (default usage_completions) */
  defaultCompletions?: string;
}

export function loadFixtureDataset(options: FixtureDatasetOptions = {}): EmulatorDataset {
  const dir = options.dir ?? DEFAULT_FIXTURES_DIR;
  const read = <T>(name: string): T => JSON.parse(readFileSync(join(dir, name), "utf8")) as T;
  const chain = (files: string[]): { chain: FixturePageChain; pages: Page[] } => {
    const pages = files.map((file) => read<Page>(file));
    const byCursor = new Map<string, unknown>();
    pages.forEach((page, i) => {
      const next = pages[i + 1];
      if (next && !page.next_page) throw new Error(`${files[i]} has no next_page but ${files[i + 1]} follows it`);
      if (!next && page.next_page) throw new Error(`${files[i]} has a next_page but no page follows it`);
      if (next && page.next_page) byCursor.set(page.next_page, next);
    });
    return { chain: { first: pages[0], byCursor }, pages };
  };

  const completionSets = new Map<string, FixturePageChain>();
  const completionPages = new Map<string, Page[]>();
  for (const [name, files] of Object.entries(COMPLETIONS_FIXTURE_SETS)) {
    const loaded = chain(files);
    completionSets.set(name, loaded.chain);
    completionPages.set(name, loaded.pages);
  }
  const defaultCompletions = options.defaultCompletions ?? "usage_completions";
  if (!completionSets.has(defaultCompletions)) throw new Error(`unknown completions fixture set ${defaultCompletions}`);
  const embeddings = chain(["usage_embeddings.json"]);

  const projects = read<ListFile<ProjectObject>>("projects.json").data;
  const perProject = <T>(name: string): Map<string, T[]> =>
    new Map(Object.entries(read<Record<string, ListFile<T>>>(name)).map(([id, list]) => [id, list.data]));
  const org: Organization = {
    id: FIXTURE_ORG_ID,
    name: "Acme Robotics (fixtures)",
    projects,
    projectUsers: perProject<ProjectUserObject>("project_users.json"),
    serviceAccounts: perProject<ServiceAccountObject>("service_accounts.json"),
    projectApiKeys: perProject<ProjectApiKeyObject>("project_api_keys.json"),
    adminApiKeys: read<ListFile<AdminApiKeyObject>>("admin_api_keys.json").data,
    certificates: read<ListFile<CertificateObject>>("certificates.json").data,
  };
  const credentials: Credential[] = [
    { key: FIXTURE_ADMIN_KEY, kind: "admin", orgId: org.id },
    ...projects.map((p, i): Credential => ({
      key: `sk-proj-emu-fixtures-${i + 1}`,
      kind: "standard",
      orgId: org.id,
      projectId: p.id,
    })),
  ];

  // Ground truth for totals: the default completions set and the embeddings file, by bucket day.
  const days = new Map<number, DayUsage>();
  const dayOf = (start: number): DayUsage => {
    const dayStart = Math.floor(start / DAY_SECONDS) * DAY_SECONDS;
    let usage = days.get(dayStart);
    if (!usage) days.set(dayStart, (usage = { completions: [], embeddings: [] }));
    return usage;
  };
  for (const page of completionPages.get(defaultCompletions)!) {
    for (const b of page.data) dayOf(b.start_time).completions.push(...b.results.map(toCompletionsRow));
  }
  for (const page of embeddings.pages) {
    for (const b of page.data) dayOf(b.start_time).embeddings.push(...b.results.map(toEmbeddingsRow));
  }
  const dayStarts = [...days.keys()].sort((a, b) => a - b);

  return {
    source: "fixtures",
    seed: null,
    organizations: [org],
    credentials,
    firstDay: dateOf(dayStarts[0]),
    lastDay: dateOf(dayStarts[dayStarts.length - 1]),
    dayUsage(dayStartUnix, orgId) {
      if (orgId !== undefined && orgId !== org.id) return { completions: [], embeddings: [] };
      return days.get(dayStartUnix) ?? { completions: [], embeddings: [] };
    },
    fixtures: {
      completions: completionSets,
      defaultCompletions,
      embeddings: embeddings.chain,
      legacyUsage: read<unknown>("legacy_usage.json"),
    },
  };
}

const num = (value: unknown): number => (typeof value === "number" ? value : 0);
const str = (value: unknown): string | null => (typeof value === "string" ? value : null);

function toCompletionsRow(r: Record<string, unknown>): CompletionsRow {
  return {
    input_tokens: num(r.input_tokens),
    output_tokens: num(r.output_tokens),
    input_cached_tokens: num(r.input_cached_tokens),
    input_audio_tokens: num(r.input_audio_tokens),
    output_audio_tokens: num(r.output_audio_tokens),
    num_model_requests: num(r.num_model_requests),
    project_id: str(r.project_id),
    user_id: str(r.user_id),
    api_key_id: str(r.api_key_id),
    model: str(r.model),
    batch: typeof r.batch === "boolean" ? r.batch : null,
    service_tier: str(r.service_tier),
  };
}

function toEmbeddingsRow(r: Record<string, unknown>): EmbeddingsRow {
  return {
    input_tokens: num(r.input_tokens),
    num_model_requests: num(r.num_model_requests),
    project_id: str(r.project_id),
    user_id: str(r.user_id),
    api_key_id: str(r.api_key_id),
    model: str(r.model),
  };
}
