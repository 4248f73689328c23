CREATE TABLE "discovered_devices" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"job_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"address" "inet" NOT NULL,
	"port" integer NOT NULL,
	"transport" text NOT NULL,
	"banner" text DEFAULT '' NOT NULL,
	"host_key" text DEFAULT '' NOT NULL,
	"platform" text DEFAULT '' NOT NULL,
	"hostname" text DEFAULT '' NOT NULL,
	"serial" text DEFAULT '' NOT NULL,
	"model" text DEFAULT '' NOT NULL,
	"os_version" text DEFAULT '' NOT NULL,
	"credential_id" uuid,
	"note" text DEFAULT '' NOT NULL,
	"status" text NOT NULL,
	"match" text,
	"matched_device_id" uuid,
	"added_device_id" uuid,
	"discovered_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "discovered_devices" ADD CONSTRAINT "discovered_devices_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "discovered_devices" ADD CONSTRAINT "discovered_devices_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "discovered_devices_job_address_uq" ON "discovered_devices" USING btree ("job_id","address");--> statement-breakpoint
CREATE INDEX "discovered_devices_customer_idx" ON "discovered_devices" USING btree ("customer_id","discovered_at");