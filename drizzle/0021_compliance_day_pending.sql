CREATE TABLE "compliance_day_pending" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"policy_id" uuid NOT NULL
);
--> statement-breakpoint
ALTER TABLE "compliance_day_pending" ADD CONSTRAINT "compliance_day_pending_policy_id_compliance_policies_id_fk" FOREIGN KEY ("policy_id") REFERENCES "public"."compliance_policies"("id") ON DELETE cascade ON UPDATE no action;