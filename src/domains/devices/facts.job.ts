import { z } from 'zod';
import { detectPlatform, type Facts, getFacts, versionNumber } from '../../netio/index.ts';
import type { StoreItem } from '../jobs/contract.ts';
import { defineJob } from '../jobs/contract.ts';
import { deviceTarget, onDevice } from '../jobs/device-target.ts';
import { type FactsUpdate, storeFacts } from './observations.ts';
import type { DeviceFacts } from './table.ts';

type FactsValue = { facts: DeviceFacts; platform?: string | undefined; vendor: string };

const known = (v: string) => (v ? v : undefined);

/** NAPALM's get_facts in the inventory's terms. */
export function deviceFacts(f: Facts): DeviceFacts {
  return {
    hostname: known(f.hostname),
    vendor: known(f.vendor),
    model: known(f.model),
    serial: known(f.serial_number),
    // The release number: IOS's os_version is a sentence (NAPALM's), the inventory lists numbers.
    osVersion: known(versionNumber(f.os_version)),
    uptimeSeconds: f.uptime >= 0 ? f.uptime : undefined,
    interfaceCount: f.interface_list.length,
  };
}

export const refreshFactsPayload = z.strictObject({
  detectPlatform: z
    .boolean()
    .default(true)
    .describe('devices without a platform get one by auto-detection first'),
});

/** The facts kept on the device (get_facts in the inventory's terms); absent where a device does not say. */
export const deviceFactsOutput = z.object({
  hostname: z.string().optional(),
  vendor: z.string().optional(),
  model: z.string().optional(),
  serial: z.string().optional(),
  osVersion: z.string().optional(),
  uptimeSeconds: z.number().optional(),
  interfaceCount: z.number().optional(),
});

export const refreshFactsJob = defineJob({
  type: 'refresh_facts',
  description: "Read the device's facts (model, serial, OS version, uptime); detect a missing platform",
  payload: refreshFactsPayload,
  output: deviceFactsOutput,
  needsCredential: true,
  async run(device, payload, ctx) {
    let platform = device.platform;
    let detected: string | undefined;
    if (!platform && payload.detectPlatform) {
      // Any platform will do to build the target; detection logs in with a generic session.
      const { platform: _, ...target } = deviceTarget(device, ctx, 'generic');
      detected = platform = await detectPlatform(target);
    }
    return onDevice({ ...device, platform }, ctx, async (session, hostKey) => {
      const facts = deviceFacts(await getFacts(session));
      const parts = [facts.model, facts.osVersion].filter(Boolean).join(', ');
      return {
        summary: `${detected ? `detected ${detected}; ` : ''}${parts || 'facts read'}`,
        output: facts,
        hostKey,
        value: { facts, platform: detected, vendor: facts.vendor ?? '' },
      };
    });
  },
  async store(tx, items: StoreItem<FactsValue>[]) {
    const updates: FactsUpdate[] = items.map((i) => ({
      deviceId: i.device.id,
      facts: i.value.facts,
      platform: i.value.platform,
      vendor: i.value.vendor || undefined,
    }));
    await storeFacts(tx, updates);
    return items.map((i) => ({ count: i.value.platform ? 'detected' : 'refreshed' }));
  },
});
