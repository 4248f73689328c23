ALTER TABLE "credentials" ADD COLUMN "priority" integer DEFAULT 100 NOT NULL;--> statement-breakpoint
ALTER TABLE "credentials" ADD COLUMN "scope" jsonb;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "learned_credential_id" uuid;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "credentials_failed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "job_devices" ADD COLUMN "credential_name" text;--> statement-breakpoint
ALTER TABLE "devices" ADD CONSTRAINT "devices_learned_credential_id_credentials_id_fk" FOREIGN KEY ("learned_credential_id") REFERENCES "public"."credentials"("id") ON DELETE set null ON UPDATE no action;