import type { z } from 'zod';
import {
  getCdpNeighborsDetail,
  getLldpNeighborsDetail,
  type LldpNeighborDetail,
  NetioError,
} from '../../netio/index.ts';
import type { Session } from '../../netio/session.ts';
import { onDevice } from '../jobs/device-target.ts';
import type { JobHandler } from '../jobs/registry.ts';
import type { payloads } from '../jobs/schemas.ts';
import { type DiscoveryValue, type Neighbour, storeLinks } from './store.ts';

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
      remoteInterface: n.remote_port,
      protocol,
    })),
  );
}

export const topologyDiscoveryJob: JobHandler<
  z.output<typeof payloads.topology_discovery>,
  DiscoveryValue
> = {
  type: 'topology_discovery',
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
};
