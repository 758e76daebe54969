/**
 * The provider seam: what a provider must supply so ingestion, key management and the dashboard
 * work without naming it. Adding a provider = one folder with an adapter + a line in registry.ts
 * (+ its routes in scripts/emulator/ for offline tests and the demo).
 */
import type { z } from "zod";
import type { AppConfig } from "@/lib/env";
import type { RetryOptions } from "@/lib/rate-limit/retry";
import type {
  CatalogEntry,
  CatalogSink,
  NormalizedCostRecord,
  ProviderId,
  ProviderIssueCode,
  ProviderUsageRecord,
  RequestObserver,
} from "./types";

/** The UTC days to read: structurally the same as ingestion's UsageWindow. */
export interface ProviderWindow {
  /** Inclusive, 00:00 UTC of the first day. */
  start: Date;
  /** Exclusive, 00:00 UTC of the day after the last day. */
  end: Date;
  /** Every UTC day in the window, `YYYY-MM-DD`. */
  days: readonly string[];
}

/** A key as stored, after the provider's own input validation. */
export interface ProviderKeyInput {
  apiKey: string;
  usageMode: "admin" | "standard";
  organizationId: string | null;
  projectId: string | null;
}

export type ProviderKeyTestResult =
  { ok: true; detail: string } | { ok: false; code: ProviderIssueCode; message: string };

export interface UsagePage {
  /** The provider endpoint, for progress and telemetry: "completions", "messages", ... */
  source: string;
  /** 1-based within that source. */
  page: number;
  records: ProviderUsageRecord[];
  /**
   * Set when one endpoint could not be read but the sync goes on (a key that may read completions
   * but not, say, images usage): ingestion records it as a run issue, not as a failed key.
   */
  issue?: { code: UsagePageIssueCode; message: string };
}

export type UsagePageIssueCode = "USAGE_ENDPOINT_DENIED";

export interface CostPage {
  source: string;
  page: number;
  records: NormalizedCostRecord[];
  /**
   * Days the provider has now answered for in full for `source` (empty when this page finished
   * none; absent when the provider never says): rows of those days that no page of this window
   * carried are stale (a provider revision, or a coarser grouping) and are removed.
   */
  settledDays?: readonly string[];
  /** Something the run's issues should say in plain words (e.g. a grouping the provider refused). */
  notice?: string;
}

export interface ProviderConnectOptions {
  /** Base URL and pacing come from here (OPENAI_* / ANTHROPIC_* / PROVIDER_*). */
  config: AppConfig;
  observer?: RequestObserver;
  fetch?: typeof fetch;
  /** Tests only: a fake sleep/clock for the retry loop. */
  retry?: Pick<RetryOptions, "sleep" | "random" | "now">;
}

/** One key, connected: every call is paced on that key's credential bucket and retried once-policy. */
export interface ProviderSession {
  readonly provider: ProviderId;
  /** One cheap request; a provider failure is `ok: false` with plain words, never a throw. */
  testKey(opts?: { now?: () => number; signal?: AbortSignal }): Promise<ProviderKeyTestResult>;
  usagePages(window: ProviderWindow, signal?: AbortSignal): AsyncIterable<UsagePage>;
  /** Provider-reported costs; absent when this provider/key mode has none (OpenAI standard keys). */
  costPages?(window: ProviderWindow, signal?: AbortSignal): AsyncIterable<CostPage>;
  /** Names behind ids; absent when the key cannot list them (OpenAI standard keys). */
  catalog?(signal?: AbortSignal): Promise<CatalogEntry[]>;
  /** The same, written page by page and resumable (preferred when present). */
  syncCatalog?(sink: CatalogSink, signal?: AbortSignal): Promise<void>;
}

/** Which key fields a provider asks for, so forms and the API can say what is needed. */
export type ProviderKeyField = "apiKey" | "usageMode" | "organizationId" | "projectId";

export interface ProviderAdapter {
  readonly id: ProviderId;
  /** "OpenAI", "Anthropic": for messages and the UI. */
  readonly displayName: string;
  readonly keyFields: readonly ProviderKeyField[];
  /**
   * Validates `{ apiKey, usageMode?, organizationId?, projectId? }` (the label and provider are the
   * caller's) into what is stored; plain-words issues on failure.
   */
  readonly keyInput: z.ZodType<ProviderKeyInput>;
  /** How to show a null project id (Anthropic's default workspace); null = the generic "(none)". */
  readonly nullProjectLabel: string | null;
  /**
   * Service tiers whose usage never shows in this provider's cost report, and the note the dashboard
   * shows next to totals when such usage is in range.
   */
  readonly unbilledServiceTiers?: { tiers: readonly string[]; note: string };
  /** The base URL to configure when pointing this provider at the emulator's origin. */
  emulatorBaseUrl(origin: string): string;
  connect(key: ProviderKeyInput, options: ProviderConnectOptions): ProviderSession;
}
