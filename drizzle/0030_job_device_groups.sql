ALTER TABLE "job_devices" ADD COLUMN "device_ids" uuid[];--> statement-breakpoint
-- Evaluations queued or running when webnet is upgraded travelled on the device-batch queue, which
-- no worker reads any more: they end as cancelled (saving the policy again evaluates it).
UPDATE "job_devices" SET "status" = 'cancelled', "summary" = 'cancelled: webnet was upgraded', "finished_at" = now()
  WHERE "status" IN ('queued', 'running')
    AND "job_id" IN (SELECT "id" FROM "jobs" WHERE "type" = 'compliance_evaluate' AND "status" IN ('queued', 'running'));
--> statement-breakpoint
UPDATE "jobs" SET "status" = 'cancelled', "finished_at" = now(), "cancelled" = "cancelled" + ("total" - "done"), "done" = "total"
  WHERE "type" = 'compliance_evaluate' AND "status" IN ('queued', 'running');
