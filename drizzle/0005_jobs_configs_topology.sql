CREATE TABLE "config_latest" (
	"device_id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"hash" text NOT NULL,
	"changed_at" timestamp with time zone NOT NULL,
	"checked_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "config_search" (
	"device_id" uuid PRIMARY KEY NOT NULL,
	"customer_id" uuid NOT NULL,
	"snapshot_id" uuid NOT NULL,
	"config" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "config_snapshots" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"source" text DEFAULT 'backup' NOT NULL,
	"job_id" uuid,
	"requested_by_name" text DEFAULT '' NOT NULL,
	"hash" text NOT NULL,
	"config" text NOT NULL,
	"lines" integer NOT NULL,
	"bytes" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_devices" (
	"job_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"hostname" text NOT NULL,
	"task_id" uuid NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"summary" text DEFAULT '' NOT NULL,
	"error_category" text,
	"error" text,
	"attempts" integer DEFAULT 0 NOT NULL,
	"output" jsonb,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"duration_ms" integer,
	CONSTRAINT "job_devices_job_id_device_id_pk" PRIMARY KEY("job_id","device_id")
);
--> statement-breakpoint
CREATE TABLE "job_logs" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"job_id" uuid NOT NULL,
	"device_id" uuid,
	"hostname" text,
	"level" text DEFAULT 'info' NOT NULL,
	"message" text NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_ids" uuid[] NOT NULL,
	"type" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"targets" jsonb NOT NULL,
	"payload" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"options" jsonb NOT NULL,
	"requested_by" uuid,
	"requested_by_name" text NOT NULL,
	"schedule_id" uuid,
	"retry_of" uuid,
	"total" integer DEFAULT 0 NOT NULL,
	"done" integer DEFAULT 0 NOT NULL,
	"succeeded" integer DEFAULT 0 NOT NULL,
	"failed" integer DEFAULT 0 NOT NULL,
	"cancelled" integer DEFAULT 0 NOT NULL,
	"summary" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_status_ck" CHECK ("jobs"."status" in ('queued', 'running', 'success', 'partial', 'failed', 'cancelled'))
);
--> statement-breakpoint
CREATE TABLE "topology_links" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"local_device_id" uuid NOT NULL,
	"local_interface" text NOT NULL,
	"remote_device_id" uuid,
	"remote_name" text NOT NULL,
	"remote_interface" text NOT NULL,
	"protocol" text NOT NULL,
	"stale" boolean DEFAULT false NOT NULL,
	"first_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_seen_at" timestamp with time zone DEFAULT now() NOT NULL,
	"job_id" uuid
);
--> statement-breakpoint
ALTER TABLE "config_latest" ADD CONSTRAINT "config_latest_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "config_search" ADD CONSTRAINT "config_search_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "config_snapshots" ADD CONSTRAINT "config_snapshots_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_devices" ADD CONSTRAINT "job_devices_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_devices" ADD CONSTRAINT "job_devices_device_id_devices_id_fk" FOREIGN KEY ("device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "job_logs" ADD CONSTRAINT "job_logs_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topology_links" ADD CONSTRAINT "topology_links_local_device_id_devices_id_fk" FOREIGN KEY ("local_device_id") REFERENCES "public"."devices"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "topology_links" ADD CONSTRAINT "topology_links_remote_device_id_devices_id_fk" FOREIGN KEY ("remote_device_id") REFERENCES "public"."devices"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "config_latest_customer_idx" ON "config_latest" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "config_search_customer_idx" ON "config_search" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "config_search_trgm_idx" ON "config_search" USING gin ("config" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "config_snapshots_device_idx" ON "config_snapshots" USING btree ("device_id","created_at");--> statement-breakpoint
CREATE INDEX "config_snapshots_customer_idx" ON "config_snapshots" USING btree ("customer_id","created_at");--> statement-breakpoint
CREATE INDEX "job_devices_device_idx" ON "job_devices" USING btree ("device_id","job_id");--> statement-breakpoint
CREATE INDEX "job_devices_status_idx" ON "job_devices" USING btree ("job_id","status");--> statement-breakpoint
CREATE INDEX "job_logs_job_idx" ON "job_logs" USING btree ("job_id","id");--> statement-breakpoint
CREATE INDEX "jobs_created_idx" ON "jobs" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "jobs_customers_idx" ON "jobs" USING gin ("customer_ids");--> statement-breakpoint
CREATE INDEX "jobs_active_idx" ON "jobs" USING btree ("status") WHERE "jobs"."status" in ('queued', 'running');--> statement-breakpoint
CREATE UNIQUE INDEX "topology_links_uq" ON "topology_links" USING btree ("local_device_id","local_interface","protocol","remote_name","remote_interface");--> statement-breakpoint
CREATE INDEX "topology_links_customer_idx" ON "topology_links" USING btree ("customer_id");--> statement-breakpoint
CREATE INDEX "topology_links_remote_idx" ON "topology_links" USING btree ("remote_device_id");