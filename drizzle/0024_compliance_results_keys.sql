ALTER TABLE "compliance_results" DROP CONSTRAINT "compliance_results_policy_id_compliance_policies_id_fk";
--> statement-breakpoint
ALTER TABLE "compliance_results" DROP CONSTRAINT "compliance_results_device_id_devices_id_fk";
--> statement-breakpoint
-- What the two keys' cascade did, once per statement, as for the history (migration 0022): a
-- deleted device or policy (directly, or with its customer) takes its results along. See
-- complianceResults in compliance/table.ts. The arguments name the table and its column that
-- holds the deleted rows' ids.
CREATE FUNCTION "compliance_forget"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DELETE FROM %I t USING gone g WHERE t.%I = g.id', TG_ARGV[0], TG_ARGV[1]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "compliance_results_devices_gone" AFTER DELETE ON "devices"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "compliance_forget"('compliance_results', 'device_id');
--> statement-breakpoint
CREATE TRIGGER "compliance_results_policies_gone" AFTER DELETE ON "compliance_policies"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "compliance_forget"('compliance_results', 'policy_id');
--> statement-breakpoint
-- The history's triggers on the same function, the one it replaces dropped.
DROP TRIGGER "compliance_history_devices_gone" ON "devices";
--> statement-breakpoint
DROP TRIGGER "compliance_history_policies_gone" ON "compliance_policies";
--> statement-breakpoint
DROP FUNCTION "compliance_history_forget"();
--> statement-breakpoint
CREATE TRIGGER "compliance_history_devices_gone" AFTER DELETE ON "devices"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "compliance_forget"('compliance_history', 'device_id');
--> statement-breakpoint
CREATE TRIGGER "compliance_history_policies_gone" AFTER DELETE ON "compliance_policies"
  REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION "compliance_forget"('compliance_history', 'policy_id');
