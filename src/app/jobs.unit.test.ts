import { describe, expect, it } from 'vitest';
import { JOB_TYPES } from '../domains/jobs/table.ts';
import { JOB_HANDLERS } from './jobs.ts';

describe('the job catalogue', () => {
  it('has one handler per job type the database knows, each with its schemas and description', () => {
    expect(JOB_HANDLERS.map((h) => h.type).sort()).toEqual([...JOB_TYPES].sort());
    for (const h of JOB_HANDLERS) {
      expect(h.description.length, h.type).toBeGreaterThan(10);
      // A request may leave the payload out: the defaults make a valid one. Internal types are
      // started by their domain with a full payload, never requested.
      expect(h.payload.safeParse({}).success || h.type === 'run_commands' || h.internal, h.type).toBe(true);
      expect(h.output.safeParse(undefined).success, h.type).toBe(false);
    }
  });
});
