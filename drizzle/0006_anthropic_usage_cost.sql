CREATE TABLE "cost_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "cost_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"org_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"source" text NOT NULL,
	"day" date NOT NULL,
	"amount_usd" numeric NOT NULL,
	"currency" text DEFAULT 'USD' NOT NULL,
	"project_id" text,
	"description" text,
	"api_key_id" text,
	"model" text,
	"cost_type" text,
	"token_type" text,
	"service_tier" text,
	"context_window" text,
	"inference_geo" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cost_events_dedupe_idx" UNIQUE NULLS NOT DISTINCT("account_id","day","currency","project_id","description","api_key_id","model","cost_type","token_type","service_tier","context_window","inference_geo")
);
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_admin_bucket_idx";--> statement-breakpoint
ALTER TABLE "usage_events" ALTER COLUMN "requests" DROP DEFAULT;--> statement-breakpoint
ALTER TABLE "usage_events" ALTER COLUMN "requests" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "cache_write_5m_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "cache_write_1h_tokens" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "web_search_requests" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "context_window" text;--> statement-breakpoint
ALTER TABLE "usage_events" ADD COLUMN "inference_geo" text;--> statement-breakpoint
ALTER TABLE "cost_events" ADD CONSTRAINT "cost_events_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_events" ADD CONSTRAINT "cost_events_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_events_org_day_idx" ON "cost_events" USING btree ("org_id","day");--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_admin_bucket_idx" UNIQUE NULLS NOT DISTINCT("account_id","model","window_start","window_end","project_id","api_key_id","provider_user_id","service_tier","batch","context_window","inference_geo");