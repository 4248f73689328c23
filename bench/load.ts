/** A small closed-loop HTTP load generator: N workers, keep-alive, latencies per request. */
import { Agent, request } from 'undici';

export type LoadResult = { latencies: number[]; seconds: number; errors: number };
export type Summary = {
  requests: number;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
};

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function load(opts: {
  origin: string;
  paths: () => string;
  headers: Record<string, string>;
  concurrency: number;
  requests: number;
}): Promise<LoadResult> {
  const agent = new Agent({ connections: opts.concurrency, pipelining: 1 });
  const latencies: number[] = [];
  let errors = 0;
  let issued = 0;
  const started = performance.now();
  async function worker() {
    while (issued < opts.requests) {
      issued++;
      const t0 = performance.now();
      const res = await request(`${opts.origin}${opts.paths()}`, {
        dispatcher: agent,
        headers: opts.headers,
      });
      await res.body.text();
      if (res.statusCode !== 200) errors++;
      latencies.push(performance.now() - t0);
    }
  }
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  await agent.close();
  return { latencies, seconds, errors };
}

/** Percentiles over every round of a route, so one noisy round cannot decide the figure. */
export function summarise(results: LoadResult[]): Summary {
  const all = results.flatMap((r) => r.latencies).sort((a, b) => a - b);
  const seconds = results.reduce((s, r) => s + r.seconds, 0);
  return {
    requests: all.length,
    rps: all.length / seconds,
    p50: percentile(all, 50),
    p95: percentile(all, 95),
    p99: percentile(all, 99),
    errors: results.reduce((s, r) => s + r.errors, 0),
  };
}

/** Runs `work` over every item with at most `concurrency` in flight, in order of the list. */
export async function forEachConcurrently<T>(
  items: T[],
  concurrency: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}
