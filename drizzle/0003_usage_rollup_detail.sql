CREATE TABLE "usage_rollup_detail" (
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
	"row_count" integer NOT NULL,
	"model" text NOT NULL,
	"project_id" text,
	"api_key_id" text,
	"provider_user_id" text,
	"service_tier" text,
	"batch" boolean
);
--> statement-breakpoint
ALTER TABLE "usage_rollup_detail" ADD CONSTRAINT "usage_rollup_detail_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_read_idx" ON "usage_rollup_detail" USING btree ("user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_model_idx" ON "usage_rollup_detail" USING btree ("user_id","model","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_project_idx" ON "usage_rollup_detail" USING btree ("user_id","project_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_api_key_idx" ON "usage_rollup_detail" USING btree ("user_id","api_key_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_user_idx" ON "usage_rollup_detail" USING btree ("user_id","provider_user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_key_idx" ON "usage_rollup_detail" USING btree ("key_id","grain","period");