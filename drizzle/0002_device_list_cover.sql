-- The device list orders by hostname within a customer, counts matches for every page, and
-- picks a page's ids before fetching the rows (a deferred join). With the filter and sort
-- columns included, both the count and the id pick run as index-only scans.
CREATE INDEX IF NOT EXISTS "devices_customer_cover_idx" ON "devices" USING btree ("customer_id", "hostname")
  INCLUDE ("id", "mgmt_ip", "vendor", "platform", "role", "site", "enabled", "reachability", "tags", "last_seen_at", "created_at");
