import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from './config.ts';

describe('configuration', () => {
  it('runs with nothing set: port 8080, PGlite in ./data', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 8080, databaseUrl: undefined, logLevel: 'info' });
    expect(c.dataDir).toBe(path.resolve('data'));
  });

  it('names the variable that is wrong', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: must be a postgres/);
    expect(() => loadConfig({ WEBNET_LOG_LEVEL: 'loud' })).toThrow(/WEBNET_LOG_LEVEL/);
  });

  it('switches to PostgreSQL with DATABASE_URL', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://u@db/webnet', PORT: '9000' })).toMatchObject({
      databaseUrl: 'postgres://u@db/webnet',
      port: 9000,
    });
  });
});
