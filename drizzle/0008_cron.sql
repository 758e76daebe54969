CREATE TABLE "cron_work_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"run_day" date NOT NULL,
	"org_id" uuid NOT NULL,
	"account_id" uuid NOT NULL,
	"state" text DEFAULT 'pending' NOT NULL,
	"last_sync_at" timestamp with time zone,
	"attempts" integer DEFAULT 0 NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"run_id" uuid,
	"last_error" text,
	"enqueued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "cron_work_items_day_account" UNIQUE("run_day","account_id")
);
--> statement-breakpoint
ALTER TABLE "cron_work_items" ADD CONSTRAINT "cron_work_items_org_id_organizations_id_fk" FOREIGN KEY ("org_id") REFERENCES "public"."organizations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cron_work_items" ADD CONSTRAINT "cron_work_items_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "cron_work_items_claim_idx" ON "cron_work_items" USING btree ("run_day","state","last_sync_at");