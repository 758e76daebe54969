// Shapes shared by the generated and the fixture datasets. Entities are stored in the exact JSON
// shape the OpenAI admin list endpoints return, so the server only slices and wraps them.

import type { AnthropicDataset } from "./anthropic/types";
import type { CompletionsDetailField, ExtraDayUsage } from "./extra-types";

export const DAY_SECONDS = 86_400;

export type ServiceTier = "default" | "flex" | "priority" | null;

/**
 * One usage row at the finest grain (grouped by every group_by field). The detail counters exist
 * only when the dataset generates extra usage (they are absent, not 0, otherwise).
 */
export interface CompletionsRow extends Partial<Record<CompletionsDetailField, number>> {
  input_tokens: number;
  output_tokens: number;
  input_cached_tokens: number;
  input_audio_tokens: number;
  output_audio_tokens: number;
  num_model_requests: number;
  project_id: string | null;
  user_id: string | null;
  api_key_id: string | null;
  model: string | null;
  batch: boolean | null;
  service_tier: ServiceTier | string;
}

export interface EmbeddingsRow {
  input_tokens: number;
  num_model_requests: number;
  project_id: string | null;
  user_id: string | null;
  api_key_id: string | null;
  model: string | null;
}

export interface DayUsage {
  completions: CompletionsRow[];
  embeddings: EmbeddingsRow[];
}

export interface ProjectObject {
  id: string;
  object: "organization.project";
  name: string | null;
  created_at: number;
  archived_at: number | null;
  status: "active" | "archived";
  [extra: string]: unknown;
}

export interface ProjectUserObject {
  object: "organization.project.user";
  id: string;
  name: string | null;
  email: string | null;
  role: "owner" | "member";
  added_at: number;
  [extra: string]: unknown;
}

export interface ServiceAccountObject {
  object: "organization.project.service_account";
  id: string;
  name: string;
  role: "owner" | "member" | "none";
  created_at: number;
  [extra: string]: unknown;
}

export interface ProjectApiKeyObject {
  object: "organization.project.api_key";
  redacted_value: string;
  name: string;
  created_at: number;
  last_used_at: number | null;
  id: string;
  owner_project_access?: "active" | "inactive";
  owner: {
    type: "user" | "service_account";
    user?: { id: string; email: string; name: string; created_at: number; role: string };
    service_account?: { id: string; name: string; created_at: number; role: string };
  };
  [extra: string]: unknown;
}

export interface AdminApiKeyObject {
  object: "organization.admin_api_key";
  id: string;
  name: string | null;
  redacted_value: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  owner: Record<string, unknown>;
  [extra: string]: unknown;
}

export interface CertificateObject {
  object: "organization.certificate";
  id: string;
  name: string | null;
  created_at: number;
  certificate_details: { valid_at: number; expires_at: number };
  active: boolean;
  [extra: string]: unknown;
}

export interface Organization {
  id: string;
  name: string;
  projects: ProjectObject[];
  /** keyed by project id */
  projectUsers: Map<string, ProjectUserObject[]>;
  serviceAccounts: Map<string, ServiceAccountObject[]>;
  projectApiKeys: Map<string, ProjectApiKeyObject[]>;
  adminApiKeys: AdminApiKeyObject[];
  certificates: CertificateObject[];
}

export type CredentialKind = "admin" | "standard";

/** A bearer key the emulator accepts. Standard keys belong to one project. */
export interface Credential {
  key: string;
  kind: CredentialKind;
  orgId: string;
  projectId?: string;
}

/** Usage pages served verbatim in fixture mode: first page, then pages reached by next_page. */
export interface FixturePageChain {
  first: unknown;
  byCursor: Map<string, unknown>;
}

export interface EmulatorDataset {
  source: "generated" | "fixtures";
  seed: number | null;
  organizations: Organization[];
  credentials: Credential[];
  /** First and last day with data, YYYY-MM-DD (UTC, inclusive). */
  firstDay: string;
  lastDay: string;
  /** Finest-grain usage of one UTC day, for one organization or all of them. */
  dayUsage(dayStartUnix: number, orgId?: string): DayUsage;
  /**
   * Finest-grain usage of the other usage endpoints (images, audio, moderations, tools, vector
   * storage); absent unless the dataset was generated with `extraUsage: true`.
   */
  extraUsage?(dayStartUnix: number, orgId?: string): ExtraDayUsage;
  /** The Anthropic organizations beside the OpenAI ones (generated datasets only). */
  anthropic?: AnthropicDataset;
  /** Present in fixture mode only. */
  fixtures?: {
    completions: Map<string, FixturePageChain>;
    defaultCompletions: string;
    embeddings: FixturePageChain;
    legacyUsage: unknown;
  };
}

export function dayStartOf(date: string): number {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new Error(`expected YYYY-MM-DD, got "${date}"`);
  const ms = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(ms)) throw new Error(`invalid date "${date}"`);
  return ms / 1000;
}

export function dateOf(dayStartUnix: number): string {
  return new Date(dayStartUnix * 1000).toISOString().slice(0, 10);
}
