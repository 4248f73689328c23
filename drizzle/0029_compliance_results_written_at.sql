ALTER TABLE "compliance_results" ADD COLUMN "written_at" timestamp with time zone DEFAULT now() NOT NULL;
