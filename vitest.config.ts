import { defineConfig } from 'vitest/config';

// Database tests (*.db.test.ts) run twice: on PGlite and on the PostgreSQL server,
// because PGlite is PostgreSQL 18 and servers in the field run 15–17.
const dbTests = ['src/**/*.db.test.ts', 'tests/**/*.db.test.ts'];

export default defineConfig({
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [
            'src/**/*.unit.test.ts',
            'tests/**/*.unit.test.ts',
            'src/**/*.ssh.test.ts',
            'web/src/**/*.unit.test.ts',
          ],
        },
      },
      { extends: true, test: { name: 'pglite', include: dbTests, env: { WEBNET_TEST_DB: 'pglite' } } },
      {
        extends: true,
        // The SPA in Debian's Chromium against `webnet demo`; the build comes first (globalSetup).
        test: {
          name: 'e2e',
          include: ['e2e/**/*.e2e.test.ts'],
          globalSetup: ['e2e/setup.ts'],
          testTimeout: 90_000,
          // Each file runs its own demo and browser; one at a time leaves the 2-core machine some air.
          fileParallelism: false,
        },
      },
      {
        extends: true,
        // *.postgres.test.ts: several processes on one database, which only a server allows.
        test: {
          name: 'postgres',
          include: [...dbTests, 'src/**/*.postgres.test.ts', 'tests/**/*.postgres.test.ts'],
          env: { WEBNET_TEST_DB: 'postgres' },
        },
      },
    ],
  },
});
