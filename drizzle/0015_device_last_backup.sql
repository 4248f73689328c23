ALTER TABLE "devices" ADD COLUMN "last_backup_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_backup_result" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_backup_error_category" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_backup_error" text;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_backup_job_id" uuid;--> statement-breakpoint
ALTER TABLE "devices" ADD COLUMN "last_backup_ok_at" timestamp with time zone;--> statement-breakpoint
-- Devices backed up before this column: their last success from the latest configuration's check,
-- their last attempt from the job history (each device's latest finished config_backup).
UPDATE "devices" d SET "last_backup_ok_at" = l."checked_at"
  FROM "config_latest" l WHERE l."device_id" = d."id";--> statement-breakpoint
UPDATE "devices" d SET "last_backup_at" = x."finished_at", "last_backup_result" = x."status",
    "last_backup_error_category" = x."error_category", "last_backup_error" = x."error",
    "last_backup_job_id" = x."job_id"
  FROM (
    SELECT DISTINCT ON (jd."device_id") jd."device_id", jd."job_id", jd."status", jd."error_category",
           jd."error", jd."finished_at"
    FROM "job_devices" jd JOIN "jobs" j ON j."id" = jd."job_id"
    WHERE j."type" = 'config_backup' AND jd."status" IN ('success', 'failed') AND jd."finished_at" IS NOT NULL
    ORDER BY jd."device_id", jd."finished_at" DESC
  ) x
  WHERE x."device_id" = d."id";
