ALTER TABLE "usage_rollup_member" ADD COLUMN "batch" boolean;--> statement-breakpoint
ALTER TABLE "usage_rollup_project" ADD COLUMN "service_tier" text;