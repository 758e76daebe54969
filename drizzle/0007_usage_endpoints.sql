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
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_admin_bucket_idx" UNIQUE NULLS NOT DISTINCT("account_id","model","window_start","window_end","project_id","api_key_id","provider_user_id","service_tier","batch","context_window","inference_geo","endpoint","image_size","image_source","context_level","vector_store_id");