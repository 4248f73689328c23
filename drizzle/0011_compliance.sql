CREATE TABLE "compliance_daily" (
	"policy_id" uuid NOT NULL,
	"day" date NOT NULL,
	"devices" integer NOT NULL,
	"compliant" integer NOT NULL,
	CONSTRAINT "compliance_daily_policy_id_day_pk" PRIMARY KEY("policy_id","day")
);
--> statement-breakpoint
CREATE TABLE "compliance_history" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"policy_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"rule" text NOT NULL,
	"status" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_policies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"source" text NOT NULL,
	"scope" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rule_count" integer DEFAULT 0 NOT NULL,
	"state_count" integer DEFAULT 0 NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "compliance_results" (
	"policy_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"status" text NOT NULL,
	"failing" integer DEFAULT 0 NOT NULL,
	"rules" jsonb NOT NULL,
	"digest" text NOT NULL,
	"snapshot_id" uuid,
	"evaluated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "compliance_results_policy_id_device_id_kind_pk" PRIMARY KEY("policy_id","device_id","kind"),
	CONSTRAINT "compliance_results_status_ck" CHECK ("compliance_results"."status" in ('pass', 'fail', 'not_applicable', 'error'))
);
--> statement-breakpoint
ALTER TABLE "compliance_daily" ADD CONSTRAINT "compliance_daily_policy_id_compliance_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."compliance_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_history" ADD CONSTRAINT "compliance_history_policy_id_compliance_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."compliance_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_history" ADD CONSTRAINT "compliance_history_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_policies" ADD CONSTRAINT "compliance_policies_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_results" ADD CONSTRAINT "compliance_results_policy_id_compliance_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."compliance_policies"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "compliance_results" ADD CONSTRAINT "compliance_results_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "compliance_history_device_idx" ON "compliance_history" USING btree ("device_id","at");--> statement-breakpoint
CREATE INDEX "compliance_history_customer_idx" ON "compliance_history" USING btree ("customer_id","at");--> statement-breakpoint
CREATE UNIQUE INDEX "compliance_policies_name_uq" ON "compliance_policies" USING btree ("customer_id","name");--> statement-breakpoint
CREATE INDEX "compliance_results_device_idx" ON "compliance_results" USING btree ("device_id");--> statement-breakpoint
CREATE INDEX "compliance_results_customer_idx" ON "compliance_results" USING btree ("customer_id","status");