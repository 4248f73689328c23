import { z } from 'zod';
import {
  canonicalInterface,
  getCdpNeighborsDetail,
  getLldpNeighborsDetail,
  type LldpNeighborDetail,
  NetioError,
} from '../../netio/index.ts';
import type { Session } from '../../netio/session.ts';
import { defineJob } from '../jobs/contract.ts';
import { onDevice } from '../jobs/device-target.ts';
import { type Neighbour, storeLinks } from './store.ts';
import { LINK_PROTOCOLS } from './table.ts';

export const topologyDiscoveryPayload = z.strictObject({
  protocols: z.array(z.enum(LINK_PROTOCOLS)).min(1).default(['lldp', 'cdp']),
});

export const topologyDiscoveryOutput = z.object({
  protocols: z.array(z.enum(LINK_PROTOCOLS)).describe('the protocols the device answered'),
  neighbours: z.array(
    z.object({
      localInterface: z.string(),
      remoteName: z.string(),
      remoteInterface: z.string(),
      protocol: z.enum(LINK_PROTOCOLS),
    }),
  ),
});

const READERS = { lldp: getLldpNeighborsDetail, cdp: getCdpNeighborsDetail } as const;

async function neighbours(session: Session, protocol: 'lldp' | 'cdp'): Promise<Neighbour[] | undefined> {
  let table: Record<string, LldpNeighborDetail[]>;
  try {
    table = await READERS[protocol](session);
  } catch (err) {
    // A platform without CDP (or with the protocol off) is not a failed discovery.
    if (err instanceof NetioError && (err.category === 'unsupported' || err.category === 'command_error'))
      return undefined;
    throw err;
  }
  return Object.entries(table).flatMap(([localInterface, list]) =>
    list.map((n) => ({
      localInterface,
      remoteName: n.remote_system_name || n.remote_chassis_id,
      // Both ends by their canonical names, as the local one is keyed: a link seen from each side
      // ("Gi0/1" from one, "GigabitEthernet0/1" from the other) is then the same link.
      remoteInterface: canonicalInterface(n.remote_port),
      protocol,
    })),
  );
}

export const topologyDiscoveryJob = defineJob({
  type: 'topology_discovery',
  description: 'Read LLDP and CDP neighbours into links between inventory devices',
  payload: topologyDiscoveryPayload,
  output: topologyDiscoveryOutput,
  needsCredential: true,
  run: (device, payload, ctx) =>
    onDevice(device, ctx, async (session, hostKey) => {
      const found: Neighbour[] = [];
      const asked: ('lldp' | 'cdp')[] = [];
      for (const protocol of payload.protocols) {
        const list = await neighbours(session, protocol);
        if (list === undefined) continue;
        asked.push(protocol);
        found.push(...list.filter((n) => n.remoteName));
      }
      if (asked.length === 0)
        throw new NetioError(
          'unsupported',
          `${device.platform} answers neither ${payload.protocols.join(' nor ')}`,
        );
      return {
        summary: `${found.length} neighbours`,
        output: { protocols: asked, neighbours: found },
        hostKey,
        value: { protocols: asked, neighbours: found },
      };
    }),
  store: storeLinks,
});
