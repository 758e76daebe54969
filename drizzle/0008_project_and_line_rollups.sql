CREATE TABLE "cost_line_daily" (
	"org_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"day" date NOT NULL,
	"currency" text NOT NULL,
	"project_id" text,
	"line_item" text,
	"amount_usd" numeric NOT NULL,
	"row_count" integer NOT NULL,
	CONSTRAINT "cost_line_daily_key_idx" UNIQUE NULLS NOT DISTINCT("account_id","day","currency","project_id","line_item")
);
--> statement-breakpoint
CREATE TABLE "usage_rollup_project_total" (
	"org_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"period" date NOT NULL,
	"simulated" boolean NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cached_input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"requests" bigint NOT NULL,
	"cost_usd" numeric,
	"row_count" integer NOT NULL,
	"priced_rows" integer DEFAULT 0 NOT NULL,
	"project_id" text,
	CONSTRAINT "usage_rollup_project_total_key" UNIQUE NULLS NOT DISTINCT("account_id","grain","period","simulated","project_id")
);
--> statement-breakpoint
DROP INDEX "usage_events_priority_idx";--> statement-breakpoint
ALTER TABLE "cost_line_daily" ADD CONSTRAINT "cost_line_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_line_daily" ADD CONSTRAINT "cost_line_daily_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_project_total" ADD CONSTRAINT "usage_rollup_project_total_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_line_daily_org_day_project_idx" ON "cost_line_daily" USING btree ("org_id","day","project_id");--> statement-breakpoint
CREATE INDEX "usage_rollup_project_total_read_idx" ON "usage_rollup_project_total" USING btree ("org_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_events_priority_provider_idx" ON "usage_events" USING btree ("org_id","provider","window_start") WHERE service_tier = 'priority';