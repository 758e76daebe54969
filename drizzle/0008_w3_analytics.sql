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
DROP INDEX "cost_events_org_day_idx";--> statement-breakpoint
ALTER TABLE "cost_daily" ADD CONSTRAINT "cost_daily_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_daily" ADD CONSTRAINT "cost_daily_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rollup_state" ADD CONSTRAINT "cost_rollup_state_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cost_rollup_state" ADD CONSTRAINT "cost_rollup_state_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cost_daily_org_day_idx" ON "cost_daily" USING btree ("org_id","day");--> statement-breakpoint
CREATE INDEX "cost_rollup_state_org_idx" ON "cost_rollup_state" USING btree ("org_id");--> statement-breakpoint
CREATE INDEX "cost_events_org_day_project_idx" ON "cost_events" USING btree ("org_id","day","project_id");