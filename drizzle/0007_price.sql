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
ALTER TABLE "usage_events" ADD COLUMN "cost_usd" numeric;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "price_overrides" ADD CONSTRAINT "price_overrides_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_pricing_state" ADD CONSTRAINT "usage_pricing_state_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_pricing_state" ADD CONSTRAINT "usage_pricing_state_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "price_overrides_org_model_idx" ON "price_overrides" USING btree ("org_id","provider","model");--> statement-breakpoint
CREATE INDEX "usage_events_unpriced_idx" ON "usage_events" USING btree ("org_id","window_start") WHERE cost_usd is null;