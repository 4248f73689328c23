import { sql } from 'drizzle-orm';
import { boolean, cidr, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    /** A change to this customer's devices runs only once someone other than its author approves it. */
    changesNeedApproval: boolean('changes_need_approval').notNull().default(false),
    /** Browser terminals record what is typed too, not only what the device prints. */
    terminalRecordsInput: boolean('terminal_records_input').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('customers_name_uq').on(sql`lower(${t.name})`)],
);

/** Management networks a customer owns; devices and discovery are checked against them. */
export const customerIpRanges = pgTable(
  'customer_ip_ranges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    cidr: cidr('cidr').notNull(),
    description: text('description').notNull().default(''),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('customer_ip_ranges_cidr_uq').on(t.customerId, t.cidr),
    index('customer_ip_ranges_customer_idx').on(t.customerId),
  ],
);
