ALTER TABLE "compliance_history" DROP CONSTRAINT "compliance_history_policy_id_compliance_policies_id_fk";
--> statement-breakpoint
ALTER TABLE "compliance_history" DROP CONSTRAINT "compliance_history_device_id_devices_id_fk";
--> statement-breakpoint
-- What the two keys' cascade did, once per statement: a deleted device or policy (directly, or
-- with its customer) takes its history along. See complianceHistory in compliance/table.ts. The
-- trigger's argument names the history's column that holds the deleted rows' ids.
CREATE FUNCTION "compliance_history_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM compliance_history h USING gone g WHERE h.%I = g.id', TG_ARGV[0]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "compliance_history_devices_gone" AFTER DELETE ON "devices"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "compliance_history_forget"('device_id');
--> statement-breakpoint
CREATE TRIGGER "compliance_history_policies_gone" AFTER DELETE ON "compliance_policies"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "compliance_history_forget"('policy_id');
