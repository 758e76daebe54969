-- Every row that belongs to a provider account references it by (org_id, account_id): the row's
-- org_id must be its account's, and an insert runs one key check instead of two (see accountOfOrg).
ALTER TABLE "provider_keys" DROP CONSTRAINT "provider_keys_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "provider_keys" DROP CONSTRAINT "provider_keys_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_day_state" DROP CONSTRAINT "usage_day_state_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_day_state" DROP CONSTRAINT "usage_day_state_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_events" DROP CONSTRAINT "usage_events_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_daily" DROP CONSTRAINT "cost_daily_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_daily" DROP CONSTRAINT "cost_daily_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_day_state" DROP CONSTRAINT "cost_day_state_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_day_state" DROP CONSTRAINT "cost_day_state_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_events" DROP CONSTRAINT "cost_events_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_events" DROP CONSTRAINT "cost_events_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_line_daily" DROP CONSTRAINT "cost_line_daily_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_line_daily" DROP CONSTRAINT "cost_line_daily_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_rollup_state" DROP CONSTRAINT "cost_rollup_state_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "cost_rollup_state" DROP CONSTRAINT "cost_rollup_state_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "provider_catalog" DROP CONSTRAINT "provider_catalog_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "provider_catalog" DROP CONSTRAINT "provider_catalog_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_rollup_core" DROP CONSTRAINT "usage_rollup_core_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_rollup_member" DROP CONSTRAINT "usage_rollup_member_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_rollup_project" DROP CONSTRAINT "usage_rollup_project_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_rollup_project_total" DROP CONSTRAINT "usage_rollup_project_total_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_rollup_state" DROP CONSTRAINT "usage_rollup_state_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_rollup_state" DROP CONSTRAINT "usage_rollup_state_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_rollup_total" DROP CONSTRAINT "usage_rollup_total_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_pricing_state" DROP CONSTRAINT "usage_pricing_state_account_id_provider_accounts_id_fk";
--> statement-breakpoint
ALTER TABLE "usage_pricing_state" DROP CONSTRAINT "usage_pricing_state_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "cron_work_items" DROP CONSTRAINT "cron_work_items_org_id_organizations_id_fk";
--> statement-breakpoint
ALTER TABLE "cron_work_items" DROP CONSTRAINT "cron_work_items_account_id_provider_accounts_id_fk";
--> statement-breakpoint
DROP INDEX "provider_accounts_org_idx";--> statement-breakpoint
ALTER TABLE "provider_accounts" ADD CONSTRAINT "provider_accounts_org_id_id" UNIQUE("org_id","id");--> statement-breakpoint
ALTER TABLE "provider_keys" ADD CONSTRAINT "provider_keys_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_day_state" ADD CONSTRAINT "usage_day_state_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_events" ADD CONSTRAINT "usage_events_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_daily" ADD CONSTRAINT "cost_daily_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_day_state" ADD CONSTRAINT "cost_day_state_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_events" ADD CONSTRAINT "cost_events_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_line_daily" ADD CONSTRAINT "cost_line_daily_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rollup_state" ADD CONSTRAINT "cost_rollup_state_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD CONSTRAINT "provider_catalog_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_core" ADD CONSTRAINT "usage_rollup_core_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_member" ADD CONSTRAINT "usage_rollup_member_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_project" ADD CONSTRAINT "usage_rollup_project_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_project_total" ADD CONSTRAINT "usage_rollup_project_total_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_state" ADD CONSTRAINT "usage_rollup_state_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_total" ADD CONSTRAINT "usage_rollup_total_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_pricing_state" ADD CONSTRAINT "usage_pricing_state_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cron_work_items" ADD CONSTRAINT "cron_work_items_account_fk" FOREIGN KEY ("org_id","account_id") REFERENCES "public"."provider_accounts"("org_id","id") ON DELETE cascade ON UPDATE no action;
