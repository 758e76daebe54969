CREATE TABLE "usage_rollup_core" (
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
	"service_tier" text,
	"batch" boolean
);
--> statement-breakpoint
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
CREATE TABLE "usage_rollup_member" (
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
	"project_id" text,
	"api_key_id" text,
	"provider_user_id" text,
	"batch" boolean
);
--> statement-breakpoint
CREATE TABLE "usage_rollup_project" (
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
	"project_id" text,
	"model" text NOT NULL,
	"batch" boolean
);
--> statement-breakpoint
CREATE TABLE "usage_rollup_state" (
	"key_id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"pricing_version" text NOT NULL,
	"refreshed_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
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
ALTER TABLE "usage_rollup_core" ADD CONSTRAINT "usage_rollup_core_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_detail" ADD CONSTRAINT "usage_rollup_detail_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_member" ADD CONSTRAINT "usage_rollup_member_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_project" ADD CONSTRAINT "usage_rollup_project_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_state" ADD CONSTRAINT "usage_rollup_state_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_state" ADD CONSTRAINT "usage_rollup_state_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usage_rollup_total" ADD CONSTRAINT "usage_rollup_total_key_id_provider_keys_id_fk" FOREIGN KEY ("key_id") REFERENCES "public"."provider_keys"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "usage_rollup_core_read_idx" ON "usage_rollup_core" USING btree ("user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_core_key_idx" ON "usage_rollup_core" USING btree ("key_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_read_idx" ON "usage_rollup_detail" USING btree ("user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_model_idx" ON "usage_rollup_detail" USING btree ("user_id","model","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_project_idx" ON "usage_rollup_detail" USING btree ("user_id","project_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_api_key_idx" ON "usage_rollup_detail" USING btree ("user_id","api_key_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_user_idx" ON "usage_rollup_detail" USING btree ("user_id","provider_user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_detail_key_idx" ON "usage_rollup_detail" USING btree ("key_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_member_read_idx" ON "usage_rollup_member" USING btree ("user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_member_api_key_idx" ON "usage_rollup_member" USING btree ("user_id","api_key_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_member_user_idx" ON "usage_rollup_member" USING btree ("user_id","provider_user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_member_key_idx" ON "usage_rollup_member" USING btree ("key_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_project_read_idx" ON "usage_rollup_project" USING btree ("user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_project_project_idx" ON "usage_rollup_project" USING btree ("user_id","project_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_project_key_idx" ON "usage_rollup_project" USING btree ("key_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_state_user_idx" ON "usage_rollup_state" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "usage_rollup_total_read_idx" ON "usage_rollup_total" USING btree ("user_id","grain","period");--> statement-breakpoint
CREATE INDEX "usage_rollup_total_key_idx" ON "usage_rollup_total" USING btree ("key_id","grain","period");