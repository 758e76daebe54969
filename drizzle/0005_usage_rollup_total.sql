CREATE TABLE "usage_rollup_total" (
	"user_id" uuid NOT NULL,
	"key_id" uuid NOT NULL,
	"grain" text NOT NULL,
	"period" date NOT NULL,
	"simulated" boolean NOT NULL,
	"input_tokens" bigint NOT NULL,
	"cached_input_tokens" bigint NOT NULL,
	"output_tokens" bigint NOT NULL,
	"requests" bigint NOT NULL,
	"cost_usd" numeric,
	"row_count" integer NOT NULL
);
--> statement-breakpoint
ALTER TABLE "usage_rollup_total" ADD CONSTRAINT "usage_rollup_total_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_rollup_total_read_idx" ON "usage_rollup_total" USING btree ("user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_total_key_idx" ON "usage_rollup_total" USING btree ("key_id","grain","period");--> statement-breakpoint
ALTER TABLE "usage_rollup_project" DROP COLUMN "service_tier";