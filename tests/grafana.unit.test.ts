/** The Grafana dashboard in deploy/ reads only metrics webnet exports: a renamed metric fails here. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import '../src/domains/configs/metrics.ts';
import '../src/domains/jobs/metrics.ts';
import '../src/domains/notifications/metrics.ts';
import '../src/domains/terminal/live.ts';
import '../src/platform/db/metrics.ts';
import { metrics } from '../src/platform/metrics.ts';

const dashboard = JSON.parse(
  fs.readFileSync(path.resolve(import.meta.dirname, '../deploy/grafana/webnet.json'), 'utf8'),
) as { panels: { title: string; targets: { expr: string }[] }[] };

describe('the Grafana dashboard', () => {
  it('queries only metrics this build registers', async () => {
    const registered = new Set((await metrics.getMetricsAsJSON()).map((m) => m.name));
    const used = dashboard.panels.flatMap((p) =>
      p.targets.flatMap((t) =>
        [...t.expr.matchAll(/\b(?:webnet|nodejs|process)_[a-z0-9_]+/g)].map((m) =>
          m[0].replace(/_(?:bucket|count|sum)$/, ''),
        ),
      ),
    );
    expect(used.length).toBeGreaterThan(10);
    for (const name of used) expect(registered, name).toContain(name);
  });
});
