import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customers/table.ts';

export type CredentialScope = { tags?: string[]; site?: string[]; role?: string[] };

/** Secret columns hold AES-256-GCM ciphertext from platform/secrets; never plaintext. */
export const credentials = pgTable(
  'credentials',
  {
    id: uuid('id').primaryKey(),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    username: text('username').notNull(),
    passwordEnc: text('password_enc'),
    enableSecretEnc: text('enable_secret_enc'),
    privateKeyEnc: text('private_key_enc'),
    /** Devices without a credential of their own try the customer's in this order (lowest first). */
    priority: integer('priority').notNull().default(100),
    /** Which of those devices may try it: any of these tags, sites or roles; null for all. */
    scope: jsonb('scope').$type<CredentialScope | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('credentials_name_uq').on(t.customerId, sql`lower(${t.name})`),
    index('credentials_customer_idx').on(t.customerId),
  ],
);
