import type { BgpNeighborDetail, BgpNeighborsDetail } from '../models.ts';

/** Files a neighbour as NAPALM's get_bgp_neighbors_detail keys it: by routing table, then remote AS. */
export function fileNeighbor(out: BgpNeighborsDetail, d: BgpNeighborDetail): void {
  out[d.routing_table] ??= {};
  const byAs = out[d.routing_table]!;
  byAs[String(d.remote_as)] ??= [];
  byAs[String(d.remote_as)]!.push(d);
}
