CREATE TABLE "cost_daily" (
	"org_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"project_id" text,
	"amount_usd" numeric NOT NULL,
	"row_count" integer NOT NULL,
	CONSTRAINT "cost_daily_key_idx" UNIQUE NULLS NOT DISTINCT("account_id","day","currency","project_id")
);
--> statement-breakpoint
CREATE TABLE "cost_rollup_state" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "provider_sync_cursors" (
	"account_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"after" text,
	"listing_started_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"error_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_sync_cursors_account_id_endpoint_pk" PRIMARY KEY("account_id","endpoint")
);
--> statement-breakpoint
CREATE TABLE "notification_channels" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"url" text,
	"email" text,
	"secret_ciphertext" text,
	"secret_iv" text,
	"secret_auth_tag" text,
	"secret_key_version" integer,
	"created_by_user_id" uuid,
	"disabled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_deliveries" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"outbox_id" uuid,
	"attempt" integer NOT NULL,
	"ok" boolean NOT NULL,
	"status_code" integer,
	"outcome" text NOT NULL,
	"duration_ms" integer NOT NULL,
	"attempted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "notification_outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"idempotency_key" text NOT NULL,
	"message" jsonb NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_error" text,
	"sent_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "notification_outbox_key_channel_uq" UNIQUE("idempotency_key","channel_id")
);
--> statement-breakpoint
CREATE TABLE "budgets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"name" text NOT NULL,
	"provider" text,
	"project_id" text,
	"api_key_id" text,
	"amount_usd" numeric NOT NULL,
	"thresholds" jsonb NOT NULL,
	"channel_ids" uuid[] DEFAULT '{}' NOT NULL,
	"created_by_user_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alerts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"budget_id" uuid,
	"period" text NOT NULL,
	"title" text NOT NULL,
	"text" text NOT NULL,
	"facts" jsonb NOT NULL,
	"amount_usd" numeric NOT NULL,
	"limit_usd" numeric NOT NULL,
	"fired_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alerts_idempotency_key" UNIQUE("idempotency_key")
);
--> statement-breakpoint
CREATE TABLE "price_overrides" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"org_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"model" text NOT NULL,
	"effective_from" date NOT NULL,
	"effective_to" date,
	"input_per_mtok" numeric NOT NULL,
	"cached_input_per_mtok" numeric,
	"cache_write_per_mtok" numeric,
	"output_per_mtok" numeric NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "usage_pricing_state" (
	"account_id" uuid PRIMARY KEY NOT NULL,
	"org_id" uuid NOT NULL,
	"pricing_version" text NOT NULL,
	"priced_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cron_work_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_day" date NOT NULL,
	"org_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"last_sync_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"run_id" uuid,
	"last_error" text,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "cron_work_items_day_account" UNIQUE("run_day","account_id")
);
--> statement-breakpoint
ALTER TABLE "usage_rollup_detail" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "usage_rollup_detail" CASCADE;--> statement-breakpoint
ALTER TABLE "cost_events" RENAME COLUMN "description" TO "line_item";--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_admin_bucket_idx";--> statement-breakpoint
ALTER TABLE "cost_events" DROP CONSTRAINT "cost_events_dedupe_idx";--> statement-breakpoint
DROP INDEX "cost_events_org_day_idx";--> statement-breakpoint
DROP INDEX "usage_rollup_core_account_idx";--> statement-breakpoint
DROP INDEX "usage_rollup_member_account_idx";--> statement-breakpoint
DROP INDEX "usage_rollup_project_account_idx";--> statement-breakpoint
DROP INDEX "usage_rollup_total_account_idx";--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "endpoint" text DEFAULT 'completions' NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_audio_tokens" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_cached_audio_tokens" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "output_audio_tokens" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_image_tokens" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "input_cached_image_tokens" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "output_image_tokens" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "images" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "characters" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "audio_seconds" numeric;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "usage_bytes" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "sessions" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "tool_calls" bigint;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "image_size" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "image_source" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "context_level" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "vector_store_id" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "first_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "usage_rollup_core" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollup_member" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollup_project" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollup_total" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "cost_daily" ADD CONSTRAINT "cost_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_daily" ADD CONSTRAINT "cost_daily_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rollup_state" ADD CONSTRAINT "cost_rollup_state_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rollup_state" ADD CONSTRAINT "cost_rollup_state_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_sync_cursors" ADD CONSTRAINT "provider_sync_cursors_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_channels" ADD CONSTRAINT "notification_channels_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_deliveries" ADD CONSTRAINT "notification_deliveries_outbox_id_notification_outbox_id_fk" FOREIGN KEY ("outbox_id") REFERENCES "public"."notification_outbox"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "notification_outbox" ADD CONSTRAINT "notification_outbox_channel_id_notification_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."notification_channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "budgets" ADD CONSTRAINT "budgets_created_by_user_id_users_id_fk" FOREIGN KEY ("created_by_user_id") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_budget_id_budgets_id_fk" FOREIGN KEY ("budget_id") REFERENCES "public"."budgets"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_pricing_state" ADD CONSTRAINT "usage_pricing_state_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_pricing_state" ADD CONSTRAINT "usage_pricing_state_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cron_work_items" ADD CONSTRAINT "cron_work_items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cron_work_items" ADD CONSTRAINT "cron_work_items_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_daily_org_day_idx" ON "cost_daily" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "cost_rollup_state_org_idx" ON "cost_rollup_state" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "notification_channels_org_idx" ON "notification_channels" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "notification_deliveries_channel_idx" ON "notification_deliveries" USING btree ("channel_id","attempted_at");--> statement-breakpoint
CREATE INDEX "notification_outbox_due_idx" ON "notification_outbox" USING btree ("status","next_attempt_at");--> statement-breakpoint
CREATE INDEX "notification_outbox_org_idx" ON "notification_outbox" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "budgets_org_idx" ON "budgets" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "alerts_org_fired_idx" ON "alerts" USING btree ("org_id","fired_at");--> statement-breakpoint
CREATE INDEX "price_overrides_org_model_idx" ON "price_overrides" USING btree ("org_id","provider","model");--> statement-breakpoint
CREATE INDEX "cron_work_items_claim_idx" ON "cron_work_items" USING btree ("run_day","state","last_sync_at");--> statement-breakpoint
CREATE INDEX "usage_events_unpriced_idx" ON "usage_events" USING btree ("org_id","window_start") WHERE cost_usd is null;--> statement-breakpoint
CREATE INDEX "usage_events_priority_idx" ON "usage_events" USING btree ("org_id","window_start") WHERE service_tier = 'priority';--> statement-breakpoint
CREATE INDEX "cost_events_org_day_project_idx" ON "cost_events" USING btree ("org_id","day","project_id");--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_admin_bucket_idx" UNIQUE NULLS NOT DISTINCT("account_id","model","window_start","window_end","project_id","api_key_id","provider_user_id","service_tier","batch","context_window","inference_geo","endpoint","image_size","image_source","context_level","vector_store_id");--> statement-breakpoint
ALTER TABLE "cost_events" ADD CONSTRAINT "cost_events_dedupe_idx" UNIQUE NULLS NOT DISTINCT("account_id","day","currency","project_id","line_item","api_key_id","model","cost_type","token_type","service_tier","context_window","inference_geo");--> statement-breakpoint
ALTER TABLE "usage_rollup_core" ADD CONSTRAINT "usage_rollup_core_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated","model","service_tier","batch");--> statement-breakpoint
ALTER TABLE "usage_rollup_member" ADD CONSTRAINT "usage_rollup_member_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated","project_id","api_key_id","provider_user_id","batch");--> statement-breakpoint
ALTER TABLE "usage_rollup_project" ADD CONSTRAINT "usage_rollup_project_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated","project_id","model","batch");--> statement-breakpoint
ALTER TABLE "usage_rollup_total" ADD CONSTRAINT "usage_rollup_total_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated");