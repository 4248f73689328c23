-- The search table's configs are 20 KB texts out of line: statistics on them cost ANALYZE a read
-- of every sampled config and tell the planner nothing it uses (search forces the trigram index).
-- Without them ANALYZE of this table is quick, so the search indexer runs it after a large catch-up.
ALTER TABLE "config_search" ALTER COLUMN "config" SET STATISTICS 0;
