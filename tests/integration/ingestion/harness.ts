import { sql } from "drizzle-orm";
import { generateDataset } from "../../../scripts/emulator/dataset";
import { startEmulator, type EmulatorHandle } from "../../../scripts/emulator/server";
import { rowsOf, type Db } from "@/db/types";
import { buildConfig, type AppConfig } from "@/lib/env";
import { createKey } from "@/lib/keys/create";
import { createKeySchema } from "@/lib/keys/schemas";
import { createTestOrg } from "../test-db";

export const DATASET = {
  seed: 20261,
  projects: 4,
  apiKeysPerProject: 3,
  users: 5,
  models: 4,
  days: 21,
  endDate: "2026-10-31",
  density: 0.6,
};
export const WINDOW = { start: "2026-10-11", end: "2026-10-31" };

export async function startTestEmulator(
  opts: { maxResultsPerPage?: number; organizations?: number } = {},
): Promise<EmulatorHandle> {
  return startEmulator({
    dataset: generateDataset({ ...DATASET, organizations: opts.organizations }),
    port: 0,
    maxResultsPerPage: opts.maxResultsPerPage,
  });
}

/** Config pointing at the emulator, with fast retries so fault tests take milliseconds. */
export function emulatorConfig(emulator: EmulatorHandle, overrides: Record<string, string> = {}): AppConfig {
  return buildConfig({
    NODE_ENV: "test",
    ENCRYPTION_KEY: "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=",
    OPENAI_API_BASE_URL: emulator.url,
    OPENAI_ADMIN_REQUESTS_PER_MINUTE: "60000",
    OPENAI_ADMIN_MAX_BURST: "1000",
    PROVIDER_MAX_ATTEMPTS: "3",
    PROVIDER_REQUEST_TIMEOUT_MS: "2000",
    ...overrides,
  });
}

/** The emulator's admin key of its first (or `index`-th) provider organization. */
export function adminCredential(emulator: EmulatorHandle, index = 0) {
  const org = emulator.dataset.organizations[index]!;
  const cred = emulator.dataset.credentials.find((c) => c.kind === "admin" && c.orgId === org.id)!;
  return { apiKey: cred.key, organizationId: org.id, projectId: org.projects[0]!.id };
}

/** A new organization (owned by a new user) with one admin key for the emulator's first provider org. */
export async function orgWithAdminKey(db: Db, emulator: EmulatorHandle, apiKey?: string, label = "Org admin key") {
  const { org, user, actor } = await createTestOrg(db, "owner", "ingest");
  const cred = adminCredential(emulator);
  const { key } = await createKey(
    db,
    actor,
    createKeySchema.parse({
      provider: "openai",
      label,
      usageMode: "admin",
      apiKey: apiKey ?? cred.apiKey,
      organizationId: cred.organizationId,
      projectId: cred.projectId,
    }),
  );
  return { org, orgId: org.id, user, actor, key };
}

export interface StoredGroup {
  day: string;
  model: string;
  project_id: string | null;
  api_key_id: string | null;
  batch: boolean | null;
  input_tokens: number;
  output_tokens: number;
  cached_input_tokens: number;
  requests: number;
}

export async function storedTotals(db: Db, orgId: string): Promise<StoredGroup[]> {
  const result = await db.execute(sql`
    select to_char(window_start at time zone 'UTC', 'YYYY-MM-DD') as day, model, project_id, api_key_id, batch,
      sum(input_tokens)::float8 as input_tokens, sum(output_tokens)::float8 as output_tokens,
      sum(cached_input_tokens)::float8 as cached_input_tokens, sum(requests)::float8 as requests
    from usage_events where org_id = ${orgId}::uuid
    group by 1, 2, 3, 4, 5`);
  return rowsOf<StoredGroup>(result).map((r) => ({
    ...r,
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    cached_input_tokens: Number(r.cached_input_tokens),
    requests: Number(r.requests),
  }));
}

/** Every stored row, in a stable order, for "exactly as running it once" comparisons. */
export async function snapshotUsage(db: Db, orgId: string) {
  const result = await db.execute(sql`
    select id, account_id, model, window_start, window_end, input_tokens, output_tokens, cached_input_tokens, requests,
      project_id, api_key_id, provider_user_id, service_tier, batch, simulated, updated_at
    from usage_events where org_id = ${orgId}::uuid order by id`);
  return JSON.stringify(rowsOf(result));
}

export const groupKey = (g: { day: string; model: string; project_id: unknown; api_key_id: unknown; batch: unknown }) =>
  [g.day, g.model, g.project_id ?? "", g.api_key_id ?? "", String(g.batch ?? "")].join("|");
