CREATE TABLE "netbox_sources" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"url" text NOT NULL,
	"token_enc" text NOT NULL,
	"filters" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"platform_map" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"custom_fields" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"disable_missing" boolean DEFAULT true NOT NULL,
	"last_sync_at" timestamp with time zone,
	"last_sync_job_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "netbox_id" integer;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "netbox_missing_since" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "netbox_sources" ADD CONSTRAINT "netbox_sources_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "devices_netbox_uq" ON "devices" USING btree ("customer_id","netbox_id") WHERE "devices"."netbox_id" is not null;