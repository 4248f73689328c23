-- One version per customer (table in 0003), bumped by every statement that writes that
-- customer's devices, from any process. The device list keeps an in-memory index per customer
-- and reloads it only when this number moved, so it is never stale and never rescans an
-- unchanged inventory. The table has no foreign key on purpose: a customer delete cascades to
-- its devices inside the same statement, and this trigger must still be able to record it.
CREATE OR REPLACE FUNCTION webnet_bump_device_inventory_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' OR TG_OP = 'UPDATE' THEN
    INSERT INTO device_inventory_versions AS v (customer_id, version)
      SELECT DISTINCT customer_id, 1 FROM new_rows
      ON CONFLICT (customer_id) DO UPDATE SET version = v.version + 1;
  END IF;
  IF TG_OP = 'DELETE' OR TG_OP = 'UPDATE' THEN
    INSERT INTO device_inventory_versions AS v (customer_id, version)
      SELECT DISTINCT customer_id, 1 FROM old_rows
      ON CONFLICT (customer_id) DO UPDATE SET version = v.version + 1;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER devices_inventory_version_insert AFTER INSERT ON devices
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webnet_bump_device_inventory_version();
--> statement-breakpoint
CREATE TRIGGER devices_inventory_version_update AFTER UPDATE ON devices
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION webnet_bump_device_inventory_version();
--> statement-breakpoint
CREATE TRIGGER devices_inventory_version_delete AFTER DELETE ON devices
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION webnet_bump_device_inventory_version();
--> statement-breakpoint
-- Devices that existed before this trigger get a version too, or the list would not load them.
INSERT INTO device_inventory_versions (customer_id, version)
  SELECT DISTINCT customer_id, 1 FROM devices
  ON CONFLICT (customer_id) DO NOTHING;
