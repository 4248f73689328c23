CREATE TABLE "terminal_sessions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"customer_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"hostname" text NOT NULL,
	"user_id" uuid,
	"username" text NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"ended_at" timestamp with time zone,
	"alive_at" timestamp with time zone DEFAULT now() NOT NULL,
	"end_reason" text,
	"records_input" boolean DEFAULT false NOT NULL,
	"size" integer DEFAULT 0 NOT NULL,
	"stored_size" integer DEFAULT 0 NOT NULL,
	"recording" "bytea"
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "terminal_records_input" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "terminal_sessions" ADD CONSTRAINT "terminal_sessions_customer_id_customers_id_fk" FOREIGN KEY ("customer_id") REFERENCES "public"."customers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "terminal_sessions_customer_idx" ON "terminal_sessions" USING btree ("customer_id","started_at");--> statement-breakpoint
CREATE INDEX "terminal_sessions_device_idx" ON "terminal_sessions" USING btree ("device_id","started_at");--> statement-breakpoint
CREATE INDEX "terminal_sessions_open_idx" ON "terminal_sessions" USING btree ("customer_id","user_id") WHERE "terminal_sessions"."ended_at" is null;