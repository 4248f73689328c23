/**
 * Prometheus metrics (prom-client): one registry per process, which every part adds its own
 * metrics to, served at GET /metrics (and by a worker on its own port). Labels carry kinds,
 * never tenants: a route's pattern, a job type, a failure category; no customer, host name or id.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';

export const metrics = new Registry();
// Node's own: CPU, memory, GC, handles, and the event loop's lag (nodejs_eventloop_lag_*).
collectDefaultMetrics({ register: metrics, eventLoopMonitoringPrecision: 20 });

export const httpDuration = new Histogram({
  name: 'webnet_http_request_duration_seconds',
  help: 'HTTP requests by method, route pattern and status, and how long each took',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metrics],
});

export const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
  new Counter<L>({ name, help, labelNames, registers: [metrics] });

export const histogram = <L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  buckets: number[],
) => new Histogram<L>({ name, help, labelNames, buckets, registers: [metrics] });

export const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[] = []) =>
  new Gauge<L>({ name, help, labelNames, registers: [metrics] });

/**
 * A gauge read when Prometheus scrapes (queue depth, index lag): `read` gives its current values.
 * The reader is replaced by the last process part to register it (one app per process; tests
 * start several, and the newest answers).
 */
export function scrapedGauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[] = [],
): { read(reader: () => Promise<{ labels?: Partial<Record<L, string>>; value: number }[]>): void } {
  let reader: (() => Promise<{ labels?: Partial<Record<L, string>>; value: number }[]>) | undefined;
  new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metrics],
    async collect() {
      this.reset();
      if (!reader) return;
      try {
        for (const v of await reader()) this.set((v.labels ?? {}) as Partial<Record<L, string>>, v.value);
      } catch {
        // A database that does not answer leaves the gauge empty; /readyz says why.
      }
    },
  });
  return {
    read(r) {
      reader = r;
    },
  };
}
