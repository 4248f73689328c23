// Loaded on demand: cytoscape is only needed on the topology page.
import cytoscape from 'cytoscape';
import { useEffect, useRef } from 'react';
import { type Graph, roleRank } from './graph';

const REACH: Record<string, string> = { reachable: '#059669', unreachable: '#dc2626', unknown: '#64748b' };

/** The graph, layered by role (borders and spines on top); a click on a device opens its page. */
export default function CytoscapeView({ graph, onOpen }: { graph: Graph; onOpen(deviceId: string): void }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!box.current) return;
    const dark = document.documentElement.classList.contains('dark');
    const top = Math.min(...graph.nodes.map((n) => roleRank(n.role)));
    const cy = cytoscape({
      container: box.current,
      elements: [
        ...graph.nodes.map((n) => ({ data: { ...n, color: REACH[n.reachability] ?? REACH.unknown } })),
        ...graph.edges.map((e) => ({ data: { ...e, protocols: e.protocols.join('+') } })),
      ],
      style: [
        {
          selector: 'node',
          style: {
            label: 'data(label)',
            'background-color': 'data(color)',
            color: dark ? '#e2e8f0' : '#0f172a',
            'font-size': 10,
            'text-valign': 'bottom',
            'text-margin-y': 4,
            width: 18,
            height: 18,
          },
        },
        { selector: 'node[!inInventory]', style: { shape: 'diamond', 'background-color': '#a855f7' } },
        {
          selector: 'edge',
          style: {
            width: 1.5,
            'line-color': dark ? '#475569' : '#94a3b8',
            'curve-style': 'bezier',
            // Each end's port beside its device, always shown: a map is read without hovering.
            'source-label': 'data(sourcePort)',
            'target-label': 'data(targetPort)',
            'source-text-offset': 22,
            'target-text-offset': 22,
            'font-size': 8,
            color: dark ? '#cbd5e1' : '#334155',
            'text-background-color': dark ? '#0f172a' : '#ffffff',
            'text-background-opacity': 0.85,
            'text-background-padding': '1px',
          },
        },
        {
          selector: 'edge:selected, edge.hover',
          style: { label: 'data(label)', 'font-size': 9, color: dark ? '#e2e8f0' : '#0f172a', width: 3 },
        },
      ],
      layout: {
        name: 'breadthfirst',
        directed: false,
        spacingFactor: 1.1,
        roots: graph.nodes.filter((n) => roleRank(n.role) === top).map((n) => n.id),
      },
      wheelSensitivity: 0.3,
    });
    cy.on('tap', 'node[?inInventory]', (e) => onOpen(e.target.id()));
    cy.on('mouseover', 'edge', (e) => e.target.addClass('hover'));
    cy.on('mouseout', 'edge', (e) => e.target.removeClass('hover'));
    return () => cy.destroy();
  }, [graph, onOpen]);
  return <div ref={box} data-testid="topology-graph" className="h-[70vh] w-full" />;
}
