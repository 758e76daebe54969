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
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_admin_bucket_idx";--> statement-breakpoint
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
ALTER TABLE "provider_catalog" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "first_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_sync_cursors" ADD CONSTRAINT "provider_sync_cursors_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_admin_bucket_idx" UNIQUE NULLS NOT DISTINCT("account_id","model","window_start","window_end","project_id","api_key_id","provider_user_id","service_tier","batch","context_window","inference_geo","endpoint","image_size","image_source","context_level","vector_store_id");