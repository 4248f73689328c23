import { PGlite } from '@electric-sql/pglite';
import { fromPglite, PgBoss } from 'pg-boss';

const kind = process.argv[2] ?? 'pglite';
const boss =
  kind === 'pglite'
    ? new PgBoss({ db: fromPglite(await PGlite.create()), backend: 'pglite', schema: 'pgboss' } as never)
    : new PgBoss({
        connectionString: 'postgres://postgres@127.0.0.1:5432/test',
        max: 5,
        schema: 'pgboss_spike',
      });
boss.on('error', (e) => console.error('boss error', e));
let t = Date.now();
await boss.start();
console.log('start', Date.now() - t);
await boss.createQueue('task', {
  retryLimit: 2,
  retryBackoff: true,
  retryDelay: 1,
  expireInSeconds: 60,
  heartbeatSeconds: 10,
} as never);
t = Date.now();
const N = 10000;
for (let i = 0; i < N; i += 1000) {
  await boss.insert(
    'task',
    Array.from({ length: 1000 }, (_, k) => ({ data: { i: i + k }, group: { id: 'job1' } })),
  );
}
console.log('insert', Date.now() - t);
t = Date.now();
let done = 0;
while (done < N) {
  const jobs = await boss.fetch<{ i: number }>('task', { batchSize: 100, includeMetadata: true });
  if (!jobs.length) break;
  await boss.complete(
    'task',
    jobs.map((j) => j.id),
  );
  done += jobs.length;
}
console.log('fetch+complete', done, Date.now() - t);
await boss.stop({ graceful: false });
