ALTER TABLE "job_logs" DROP CONSTRAINT "job_logs_job_id_jobs_id_fk";
--> statement-breakpoint
ALTER TABLE "job_transcripts" DROP CONSTRAINT "job_transcripts_job_id_jobs_id_fk";
--> statement-breakpoint
-- What the keys' cascades did, once per statement: a deleted job (pruned past the retention)
-- takes its devices, log lines and transcripts along. Replaces 0025's trigger, which took only
-- its devices. See jobLogs in jobs/table.ts.
DROP TRIGGER "job_devices_jobs_gone" ON "jobs";
--> statement-breakpoint
DROP FUNCTION "job_devices_forget"();
--> statement-breakpoint
CREATE FUNCTION "jobs_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM job_devices d USING gone g WHERE d.job_id = g.id;
  DELETE FROM job_logs l USING gone g WHERE l.job_id = g.id;
  DELETE FROM job_transcripts t USING gone g WHERE t.job_id = g.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "jobs_gone" AFTER DELETE ON "jobs"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "jobs_forget"();
