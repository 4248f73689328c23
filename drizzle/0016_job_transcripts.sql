CREATE TABLE "job_transcripts" (
	"job_id" uuid NOT NULL,
	"device_id" uuid NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"events" jsonb NOT NULL,
	"dropped" integer DEFAULT 0 NOT NULL,
	"size" integer NOT NULL,
	CONSTRAINT "job_transcripts_job_id_device_id_pk" PRIMARY KEY("job_id","device_id")
);
--> statement-breakpoint
ALTER TABLE "job_transcripts" ADD CONSTRAINT "job_transcripts_job_id_jobs_id_fk" FOREIGN KEY ("job_id") REFERENCES "public"."jobs"("id") ON DELETE cascade ON UPDATE no action;