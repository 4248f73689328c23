CREATE TABLE "change_approvals" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"change_id" uuid NOT NULL,
	"revision" integer NOT NULL,
	"user_id" uuid,
	"username" text NOT NULL,
	"decision" text NOT NULL,
	"comment" text DEFAULT '' NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "change_devices" (
	"change_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"hostname" text NOT NULL,
	"position" integer NOT NULL,
	"rendered" text,
	"render_error" text,
	"running_hash" text,
	"candidate_hash" text,
	"noop" boolean,
	"preview_error" text,
	"state" text DEFAULT 'pending' NOT NULL,
	"commit_method" text,
	"commit_name" text,
	"reason" text,
	"target_snapshot_id" uuid,
	"pre_snapshot_id" uuid,
	"post_snapshot_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "change_devices_change_id_device_id_pk" PRIMARY KEY("change_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "changes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"title" text NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"targets" jsonb NOT NULL,
	"mode" text DEFAULT 'merge' NOT NULL,
	"template" text NOT NULL,
	"variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"device_variables" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"rollout" jsonb NOT NULL,
	"confirm_minutes" integer DEFAULT 5 NOT NULL,
	"checks" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"revision" integer DEFAULT 1 NOT NULL,
	"previewed_revision" integer,
	"preview_job_id" uuid,
	"commit_job_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"rollback_of" uuid,
	"created_by" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "changes_status_ck" CHECK ("changes"."status" in ('draft', 'previewed', 'awaiting_approval', 'approved', 'rejected', 'running', 'succeeded', 'partial', 'failed', 'reverted', 'cancelled')),
	CONSTRAINT "changes_mode_ck" CHECK ("changes"."mode" in ('merge', 'replace'))
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "changes_need_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "change_approvals" ADD CONSTRAINT "change_approvals_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "change_devices" ADD CONSTRAINT "change_devices_change_id_changes_id_fk" FOREIGN KEY ("change_id") REFERENCES "public"."changes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "changes" ADD CONSTRAINT "changes_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "change_approvals_change_idx" ON "change_approvals" USING btree ("change_id","revision");--> statement-breakpoint
CREATE INDEX "change_devices_applied_idx" ON "change_devices" USING btree ("state") WHERE "change_devices"."state" = 'applied';--> statement-breakpoint
CREATE INDEX "changes_customer_idx" ON "changes" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "changes_active_idx" ON "changes" USING btree ("status") WHERE "changes"."status" = 'running';