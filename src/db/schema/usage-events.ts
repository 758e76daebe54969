import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  date,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from "drizzle-orm/pg-core";
import { accountOfOrg } from "./provider-accounts";

export const usageEvents = pgTable(
  "usage_events",
  {
    id: bigint("id", { mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    orgId: uuid("org_id").notNull(),
    /** The provider account the bucket belongs to: any of its keys may have fetched it. */
    accountId: uuid("account_id").notNull(),
    provider: text("provider").notNull(),
    source: text("source").notNull(),
    model: text("model").notNull(),
    windowStart: timestamp("window_start", { withTimezone: true }).notNull(),
    windowEnd: timestamp("window_end", { withTimezone: true }).notNull(),
    inputTokens: bigint("input_tokens", { mode: "number" }).notNull().default(0),
    outputTokens: bigint("output_tokens", { mode: "number" }).notNull().default(0),
    cachedInputTokens: bigint("cached_input_tokens", { mode: "number" }).notNull().default(0),
    /** Null when the provider reports no request count (Anthropic's usage report); never invented. */
    requests: integer("requests"),
    /**
     * Cache writes by lifetime (already counted in input_tokens). OpenAI reports one count with no
     * lifetime (input_cache_write_tokens): it lands in cache_write_5m_tokens, the ordinary write price.
     */
    cacheWrite5mTokens: bigint("cache_write_5m_tokens", { mode: "number" }).notNull().default(0),
    cacheWrite1hTokens: bigint("cache_write_1h_tokens", { mode: "number" }).notNull().default(0),
    webSearchRequests: integer("web_search_requests").notNull().default(0),
    /** Anthropic group keys ("0-200k", "us", ...): rows differing only there are different buckets. */
    contextWindow: text("context_window"),
    inferenceGeo: text("inference_geo"),
    /**
     * OpenAI usage endpoint the row came from (completions, embeddings, moderations, images,
     * audio_speeches, audio_transcriptions, vector_stores, code_interpreter_sessions, web_search_calls,
     * file_search_calls); Anthropic messages and legacy rows are "completions". Part of the dedupe key.
     */
    endpoint: text("endpoint").notNull().default("completions"),
    /** Token details by modality (already counted in input/output_tokens); null when not reported. */
    inputAudioTokens: bigint("input_audio_tokens", { mode: "number" }),
    inputCachedAudioTokens: bigint("input_cached_audio_tokens", { mode: "number" }),
    outputAudioTokens: bigint("output_audio_tokens", { mode: "number" }),
    inputImageTokens: bigint("input_image_tokens", { mode: "number" }),
    inputCachedImageTokens: bigint("input_cached_image_tokens", { mode: "number" }),
    outputImageTokens: bigint("output_image_tokens", { mode: "number" }),
    /** Units of the non-token endpoints; null when the endpoint does not report them. */
    images: bigint("images", { mode: "number" }),
    characters: bigint("characters", { mode: "number" }),
    audioSeconds: numeric("audio_seconds"),
    usageBytes: bigint("usage_bytes", { mode: "number" }),
    sessions: bigint("sessions", { mode: "number" }),
    /** Web search and file search calls (num_requests). */
    toolCalls: bigint("tool_calls", { mode: "number" }),
    /** Group keys of those endpoints: rows differing only there are different buckets. */
    imageSize: text("image_size"),
    imageSource: text("image_source"),
    contextLevel: text("context_level"),
    vectorStoreId: text("vector_store_id"),
    projectId: text("project_id"),
    apiKeyId: text("api_key_id"),
    providerUserId: text("provider_user_id"),
    serviceTier: text("service_tier"),
    batch: boolean("batch"),
    simulated: boolean("simulated").notNull().default(false),
    /**
     * Computed cost in USD (src/lib/pricing priceUsageRow, at the row's own day, org overrides
     * applied), exact decimal; null = unpriced (no price known for the model). Rollups sum it.
     */
    costUsd: numeric("cost_usd"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // The dedupe key of ingestion, per provider account (two keys of one account fetch the same
    // buckets). NULLS NOT DISTINCT so a bucket without metadata still dedupes.
    unique("usage_admin_bucket_idx")
      .on(
        t.accountId,
        t.model,
        t.windowStart,
        t.windowEnd,
        t.projectId,
        t.apiKeyId,
        t.providerUserId,
        t.serviceTier,
        t.batch,
        t.contextWindow,
        t.inferenceGeo,
        t.endpoint,
        t.imageSize,
        t.imageSource,
        t.contextLevel,
        t.vectorStoreId,
      )
      .nullsNotDistinct(),
    accountOfOrg("usage_events_account_fk", t),
    index("usage_events_org_window_idx").on(t.orgId, t.windowStart),
    // The few rows without a price, for the "models without a price" list (src/lib/pricing/unpriced.ts).
    index("usage_events_unpriced_idx")
      .on(t.orgId, t.windowStart)
      .where(sql`cost_usd is null`),
    // The priority-tier rows of one provider, which reconciliation compares apart
    // (src/lib/reconciliation/outside-report.ts): another provider's many priority rows are not read.
    index("usage_events_priority_provider_idx")
      .on(t.orgId, t.provider, t.windowStart)
      .where(sql`service_tier = 'priority'`),
  ],
);

/**
 * What one complete UTC day of one account's usage source held when ingestion last wrote it: a
 * digest of its rows (every field and the computed cost, in a canonical order). A re-read day with
 * the same digest is left alone: no upsert, no row locks, no rollup work. Only ingestion's day
 * writer (src/lib/ingestion/persist-usage-days.ts) records a digest, in the same transaction as
 * the day's rows; any other write to those rows (a partial day, simulated usage) deletes it.
 * A migration that rewrites usage_events must empty this table.
 */
export const usageDayState = pgTable(
  "usage_day_state",
  {
    accountId: uuid("account_id").notNull(),
    orgId: uuid("org_id").notNull(),
    source: text("source").notNull(),
    day: date("day", { mode: "string" }).notNull(),
    digest: text("digest").notNull(),
    rows: integer("rows").notNull(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.source, t.day] }),
    index("usage_day_state_org_idx").on(t.orgId),
    accountOfOrg("usage_day_state_account_fk", t),
  ],
);
