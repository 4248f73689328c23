import { useQuery } from '@tanstack/react-query';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import { deviceKeys } from '../../api/queries/devices';
import { topologyKeys } from '../../api/queries/topology';
import { useCustomerFilter } from '../../app/session';
import { Card, Empty, ErrorBox, Loading, PageHeader } from '../../ui/kit';
import { buildGraph, type DeviceNode } from './graph';

const CytoscapeView = lazy(() => import('./cytoscape-view'));
const MAX_DEVICES = 5000;

/** Every device of the customers in view, a page of 500 at a time (the list's largest page). */
async function allDevices(filter: { customerId?: string }): Promise<Map<string, DeviceNode>> {
  const out = new Map<string, DeviceNode>();
  for (let page = 1; out.size < MAX_DEVICES; page++) {
    const res = await unwrap(
      api.GET('/api/v1/devices', { params: { query: { ...filter, page, pageSize: 500 } } }),
    );
    for (const d of res.items) out.set(d.id, d);
    if (page * 500 >= res.total) break;
  }
  return out;
}

export default function TopologyPage() {
  const filter = useCustomerFilter();
  const navigate = useNavigate();
  const [showStale, setShowStale] = useState(false);
  const links = useQuery({
    queryKey: topologyKeys.links(filter, showStale),
    queryFn: () =>
      unwrap(
        api.GET('/api/v1/topology/links', {
          params: { query: { ...filter, pageSize: 5000, ...(showStale ? {} : { stale: 'false' as const }) } },
        }),
      ),
  });
  const devices = useQuery({ queryKey: deviceKeys.everyOf(filter), queryFn: () => allDevices(filter) });
  const graph = useMemo(
    () => (links.data && devices.data ? buildGraph(links.data.items, devices.data) : null),
    [links.data, devices.data],
  );
  const open = useCallback((id: string) => navigate(`/devices/${id}?tab=neighbours`), [navigate]);

  return (
    <div className="space-y-4">
      <PageHeader
        title="Topology"
        actions={
          <label className="flex items-center gap-1 text-sm">
            <input type="checkbox" checked={showStale} onChange={(e) => setShowStale(e.target.checked)} />{' '}
            include stale links
          </label>
        }
      />
      <ErrorBox error={links.error ?? devices.error} />
      {!graph ? (
        <Loading />
      ) : graph.edges.length === 0 ? (
        <Empty>No links known yet: run a topology discovery job.</Empty>
      ) : (
        <Card
          title={`${graph.nodes.length} devices, ${graph.edges.length} links`}
          actions={
            <span className="text-xs text-slate-500">
              green reachable · red unreachable · grey unknown · purple outside the inventory; hover a link
              for its ports
            </span>
          }
        >
          <Suspense fallback={<Loading />}>
            <CytoscapeView graph={graph} onOpen={open} />
          </Suspense>
        </Card>
      )}
    </div>
  );
}
