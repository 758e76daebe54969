/**
 * Checks the fixtures against each other before anything is ingested: a usage row naming a project
 * that projects.json does not list is an error (the replay would store usage nobody can name), an
 * api_key_id or user_id missing from the admin lists is only a warning (deleted keys and departed
 * people are real). Also counts what every file holds, for the spike report.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { COMPLETIONS_FIXTURE_SETS } from "../../scripts/emulator/fixtures";

export class FixtureValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`The fixtures are inconsistent; nothing was ingested:\n${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.name = "FixtureValidationError";
  }
}

type Json = Record<string, unknown>;
interface ListFile {
  data: Json[];
}
interface UsagePage {
  data: { start_time: number; results: Json[] }[];
  has_more?: boolean;
  next_page?: unknown;
}

export const EMBEDDINGS_FILES = ["usage_embeddings.json"];
export const LEGACY_FILE = "legacy_usage.json";

export interface PageCounts {
  pages: number;
  buckets: number;
  emptyBuckets: number;
  results: number;
}

export interface FixtureCounts {
  completions: Record<string, PageCounts>;
  embeddings: PageCounts;
  legacyEntries: number;
  projects: { total: number; active: number; archived: number };
  projectUsers: { memberships: number; unique: number };
  serviceAccounts: number;
  projectApiKeys: number;
  adminApiKeys: number;
  certificates: number;
}

export interface FixtureCheck {
  counts: FixtureCounts;
  warnings: string[];
  /** First and last bucket day (UTC, YYYY-MM-DD) across the usage files. */
  firstDay: string;
  lastDay: string;
  /** projects.json ids in file order; the first is the project the admin key is stored with. */
  projectIds: string[];
}

const day = (unix: number) => new Date(unix * 1000).toISOString().slice(0, 10);

/** Throws FixtureValidationError (listing every problem) or returns counts and warnings. */
export function checkFixtures(dir: string): FixtureCheck {
  const problems: string[] = [];
  const warnings: string[] = [];
  const read = <T>(name: string): T | null => {
    const file = path.join(dir, name);
    if (!existsSync(file)) {
      problems.push(`${name} is missing from ${dir}.`);
      return null;
    }
    try {
      return JSON.parse(readFileSync(file, "utf8")) as T;
    } catch (e) {
      problems.push(`${name} is not valid JSON: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
  };
  const listOf = (name: string, value: ListFile | null): Json[] => {
    if (value === null) return [];
    if (!Array.isArray(value.data)) {
      problems.push(`${name} has no "data" array.`);
      return [];
    }
    return value.data;
  };
  const perProject = (name: string) => {
    const value = read<Record<string, ListFile>>(name);
    return new Map(Object.entries(value ?? {}).map(([id, list]) => [id, listOf(`${name} ["${id}"]`, list)]));
  };

  const projects = listOf("projects.json", read<ListFile>("projects.json"));
  const projectIds = projects.map((p) => String(p.id));
  const knownProjects = new Set(projectIds);
  const users = perProject("project_users.json");
  const serviceAccounts = perProject("service_accounts.json");
  const apiKeys = perProject("project_api_keys.json");
  for (const [name, map] of [
    ["project_users.json", users],
    ["service_accounts.json", serviceAccounts],
    ["project_api_keys.json", apiKeys],
  ] as const) {
    for (const id of map.keys()) {
      if (!knownProjects.has(id)) warnings.push(`${name} lists project "${id}", which projects.json does not have.`);
    }
  }
  const keyProject = new Map<string, string>();
  for (const [projectId, keys] of apiKeys) for (const k of keys) keyProject.set(String(k.id), projectId);
  const knownUsers = new Set([...users.values()].flat().map((u) => String(u.id)));

  /** One usage row: project must exist (error); key and user should (warning). */
  const checkRow = (where: string, row: Json) => {
    const projectId = typeof row.project_id === "string" ? row.project_id : null;
    const apiKeyId = typeof row.api_key_id === "string" ? row.api_key_id : null;
    const userId = typeof row.user_id === "string" ? row.user_id : null;
    const what = [apiKeyId && `api_key_id ${apiKeyId}`, typeof row.model === "string" && `model ${row.model}`]
      .filter(Boolean)
      .join(", ");
    const label = `${where}${what ? ` (${what})` : ""}`;
    if (projectId !== null && !knownProjects.has(projectId)) {
      problems.push(`${label}: project_id "${projectId}" is not in projects.json.`);
    }
    if (apiKeyId !== null) {
      const owner = keyProject.get(apiKeyId);
      if (owner === undefined) {
        warnings.push(`${where}: api_key_id "${apiKeyId}" is not in project_api_keys.json (a deleted key?).`);
      } else if (projectId !== null && owner !== projectId) {
        warnings.push(
          `${where}: api_key_id "${apiKeyId}" belongs to project "${owner}" in project_api_keys.json, not "${projectId}".`,
        );
      }
    }
    if (userId !== null && !knownUsers.has(userId)) {
      warnings.push(`${where}: user_id "${userId}" is not a member of any project in project_users.json.`);
    }
  };

  let firstStart = Infinity;
  let lastStart = -Infinity;
  const countPages = (files: string[]): PageCounts => {
    const counts: PageCounts = { pages: 0, buckets: 0, emptyBuckets: 0, results: 0 };
    for (const file of files) {
      const page = read<UsagePage>(file);
      if (page === null) continue;
      if (!Array.isArray(page.data)) {
        problems.push(`${file} has no "data" array of buckets.`);
        continue;
      }
      counts.pages++;
      page.data.forEach((bucket, i) => {
        counts.buckets++;
        if (typeof bucket.start_time === "number") {
          firstStart = Math.min(firstStart, bucket.start_time);
          lastStart = Math.max(lastStart, bucket.start_time);
        }
        const results = Array.isArray(bucket.results) ? bucket.results : [];
        if (results.length === 0) counts.emptyBuckets++;
        counts.results += results.length;
        results.forEach((row, j) => checkRow(`${file} data[${i}].results[${j}]`, row));
      });
    }
    return counts;
  };

  const completions = Object.fromEntries(
    Object.entries(COMPLETIONS_FIXTURE_SETS).map(([set, files]) => [set, countPages(files)]),
  );
  const embeddings = countPages(EMBEDDINGS_FILES);
  const legacy = listOf(LEGACY_FILE, read<ListFile>(LEGACY_FILE));
  legacy.forEach((row, i) => checkRow(`${LEGACY_FILE} data[${i}]`, row));
  const adminApiKeys = listOf("admin_api_keys.json", read<ListFile>("admin_api_keys.json"));
  const certificates = listOf("certificates.json", read<ListFile>("certificates.json"));

  if (projects.length === 0) problems.push("projects.json lists no projects.");
  if (!Number.isFinite(firstStart)) problems.push("The usage fixtures hold no buckets.");
  if (problems.length > 0) throw new FixtureValidationError(problems);

  const archived = projects.filter((p) => p.status === "archived").length;
  return {
    counts: {
      completions,
      embeddings,
      legacyEntries: legacy.length,
      projects: { total: projects.length, active: projects.length - archived, archived },
      projectUsers: { memberships: [...users.values()].flat().length, unique: knownUsers.size },
      serviceAccounts: [...serviceAccounts.values()].flat().length,
      projectApiKeys: keyProject.size,
      adminApiKeys: adminApiKeys.length,
      certificates: certificates.length,
    },
    warnings,
    firstDay: day(firstStart),
    lastDay: day(lastStart),
    projectIds,
  };
}
