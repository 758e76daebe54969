CREATE TABLE "provider_sync_cursors" (
	"account_id" uuid NOT NULL,
	"endpoint" text NOT NULL,
	"after" text,
	"listing_started_at" timestamp with time zone,
	"last_success_at" timestamp with time zone,
	"error_count" integer DEFAULT 0 NOT NULL,
	"last_error" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_sync_cursors_account_id_endpoint_pk" PRIMARY KEY("account_id","endpoint")
);
--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "archived_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "expires_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "first_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "last_seen_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD COLUMN "deleted_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_sync_cursors" ADD CONSTRAINT "provider_sync_cursors_account_id_provider_accounts_id_fk" FOREIGN KEY ("account_id") REFERENCES "public"."provider_accounts"("id") ON DELETE cascade ON UPDATE no action;