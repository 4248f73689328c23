CREATE TABLE "device_inventory_versions" (
	"customer_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL
);
