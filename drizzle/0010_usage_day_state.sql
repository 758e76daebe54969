CREATE TABLE "usage_day_state" (
	"account_id" uuid NOT NULL,
	"org_id" uuid NOT NULL,
	"source" text NOT NULL,
	"day" date NOT NULL,
	"digest" text NOT NULL,
	"rows" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "usage_day_state_account_id_source_day_pk" PRIMARY KEY("account_id","source","day")
);
--> statement-breakpoint
ALTER TABLE "usage_day_state" ADD CONSTRAINT "usage_day_state_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_day_state" ADD CONSTRAINT "usage_day_state_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_day_state_org_idx" ON "usage_day_state" USING btree ("org_id");