CREATE TABLE "provider_catalog" (
	"user_id" uuid NOT NULL,
	"key_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"external_id" text NOT NULL,
	"name" text NOT NULL,
	"details" jsonb,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_catalog_key_kind_id" UNIQUE("key_id","kind","external_id")
);
--> statement-breakpoint
ALTER TABLE "provider_keys" ADD COLUMN "catalog_synced_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD CONSTRAINT "provider_catalog_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_catalog" ADD CONSTRAINT "provider_catalog_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "provider_catalog_user_kind_idx" ON "provider_catalog" USING btree ("user_id","kind","external_id");