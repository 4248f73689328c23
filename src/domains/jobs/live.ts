import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { Db } from '../../platform/db/client.ts';
import type { EventBus } from '../../platform/events.ts';
import { idParams } from '../../platform/http/schemas.ts';
import { actorOf, type TypedServer } from '../../platform/http/server.ts';
import { refuseCrossOrigin } from '../../platform/http/websocket.ts';
import { JOB_TOPIC, type JobEvent, type JobStreamMessage } from './events.ts';
import { countsOf, getJob, listJobDevices, listJobLogs } from './service.ts';
import { FINAL_JOB_STATUSES, type JobStatus } from './table.ts';

const LINGER_MS = 30_000;

const send = (socket: WebSocket, message: JobStreamMessage) => {
  if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
};

/**
 * WS /ws/jobs/:id: a snapshot of the job (counts, devices, recent log lines), then every change as
 * it happens, from whichever process runs the devices (LISTEN/NOTIFY carries it here). The socket
 * closes after the job's final status. Same login and customer scope as the REST routes.
 */
export function jobLiveRoutes(app: TypedServer, deps: { db: Db; events: EventBus }) {
  app.get(
    '/ws/jobs/:id',
    {
      websocket: true,
      schema: { hide: true, params: idParams, querystring: z.object({}).passthrough() },
      // Runs before the upgrade, so a missing or foreign job is a plain HTTP 404, like REST.
      preHandler: async (req) => {
        const actor = actorOf(req);
        refuseCrossOrigin(req, actor);
        await getJob(deps.db, actor, (req.params as { id: string }).id);
      },
    },
    async (socket, req) => {
      const actor = actorOf(req);
      const { id } = req.params as { id: string };
      const pending: JobEvent[] = [];
      let ready = false;
      let ended = false;
      let lingering: NodeJS.Timeout | undefined;
      // A cancelled job is final at once, but the sessions it aborted report a moment later: the
      // stream stays until every device is accounted for (or LINGER_MS, should one never report).
      const end = (counts: { status: string; done: number; total: number }) => {
        if (ended || !FINAL_JOB_STATUSES.includes(counts.status as JobStatus)) return;
        const close = () => {
          ended = true;
          clearTimeout(lingering);
          // Let the last events go out first.
          setTimeout(() => socket.close(1000, `job ${counts.status}`), 50);
        };
        if (counts.done >= counts.total) close();
        else lingering ??= setTimeout(close, LINGER_MS);
      };
      const forward = (event: JobEvent) => {
        send(socket, { type: 'progress', ...event });
        if (event.job) end(event.job);
      };
      // Subscribed before the snapshot is read, so nothing falls between the two.
      const unsubscribe = deps.events.subscribe(JOB_TOPIC, (e) => {
        const event = e as unknown as JobEvent & { topic: string };
        if (event.jobId !== id) return;
        if (ready) forward(event);
        else pending.push(event);
      });
      socket.on('close', () => {
        clearTimeout(lingering);
        unsubscribe();
      });
      try {
        const job = await getJob(deps.db, actor, id);
        const [devices, logs] = await Promise.all([
          listJobDevices(deps.db, actor, id, { page: 1, pageSize: 500, output: 'false' }),
          listJobLogs(deps.db, actor, id, { after: 0, limit: 1000 }),
        ]);
        send(socket, {
          type: 'snapshot',
          jobId: id,
          job: countsOf(job),
          devices: devices.items.map((d) => ({ ...d, startedAt: d.startedAt?.toISOString() ?? null })),
          logs: logs.map((l) => ({ ...l, at: l.at.toISOString() })),
        });
        ready = true;
        // Log lines carry ids: a client drops one it already has from the snapshot.
        for (const event of pending.splice(0)) forward(event);
        end(job);
      } catch (err) {
        req.log.warn({ err }, 'job stream failed');
        socket.close(1011, 'could not read the job');
      }
    },
  );
}
