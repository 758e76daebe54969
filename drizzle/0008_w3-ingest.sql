ALTER TABLE "usage_rollup_detail" DISABLE ROW LEVEL SECURITY;--> statement-breakpoint
DROP TABLE "usage_rollup_detail" CASCADE;--> statement-breakpoint
DROP INDEX "usage_rollup_core_account_idx";--> statement-breakpoint
DROP INDEX "usage_rollup_member_account_idx";--> statement-breakpoint
DROP INDEX "usage_rollup_project_account_idx";--> statement-breakpoint
DROP INDEX "usage_rollup_total_account_idx";--> statement-breakpoint
ALTER TABLE "usage_rollup_core" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollup_member" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollup_project" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollup_total" ADD COLUMN "priced_rows" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "usage_rollup_core" ADD CONSTRAINT "usage_rollup_core_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated","model","service_tier","batch");--> statement-breakpoint
ALTER TABLE "usage_rollup_member" ADD CONSTRAINT "usage_rollup_member_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated","project_id","api_key_id","provider_user_id","batch");--> statement-breakpoint
ALTER TABLE "usage_rollup_project" ADD CONSTRAINT "usage_rollup_project_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated","project_id","model","batch");--> statement-breakpoint
ALTER TABLE "usage_rollup_total" ADD CONSTRAINT "usage_rollup_total_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated");