import { describe, expect, it } from 'vitest';
import { JOB_TYPES } from '../domains/jobs/table.ts';
import { JOB_HANDLERS } from './jobs.ts';

describe('the job catalogue', () => {
  it('has one handler per job type the database knows, each with its schemas and description', () => {
    expect(JOB_HANDLERS.map((h) => h.type).sort()).toEqual([...JOB_TYPES].sort());
    for (const h of JOB_HANDLERS) {
      expect(h.description.length, h.type).toBeGreaterThan(10);
      // A request may leave the payload out: the defaults make a valid one, except where only the
      // user can say (the commands to run, the customer to sweep or sync). Internal types are started by
      // their domain with a full payload, never requested.
      const needsInput = ['run_commands', 'network_discovery', 'netbox_sync'].includes(h.type);
      expect(h.payload.safeParse({}).success || needsInput || h.internal, h.type).toBe(true);
      expect(h.output.safeParse(undefined).success, h.type).toBe(false);
    }
  });
});
