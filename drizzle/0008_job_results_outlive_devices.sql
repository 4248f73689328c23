ALTER TABLE "job_devices" DROP CONSTRAINT "job_devices_device_id_devices_id_fk";
