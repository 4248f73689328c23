import { defineConfig } from 'drizzle-kit';

export default defineConfig({
  dialect: 'postgresql',
  // Each domain owns its tables in its own table.ts.
  schema: './src/domains/*/table.ts',
  out: './drizzle',
});
