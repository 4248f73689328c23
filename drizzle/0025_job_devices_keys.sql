ALTER TABLE "job_devices" DROP CONSTRAINT "job_devices_job_id_jobs_id_fk";
--> statement-breakpoint
-- What the key's cascade did, once per statement: a deleted job (pruned past the retention)
-- takes its devices along. See jobDevices in jobs/table.ts.
CREATE FUNCTION "job_devices_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM job_devices d USING gone g WHERE d.job_id = g.id;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "job_devices_jobs_gone" AFTER DELETE ON "jobs"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "job_devices_forget"();
