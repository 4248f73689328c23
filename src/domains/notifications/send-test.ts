import { sql } from 'drizzle-orm';
import type { Db } from '../../platform/db/client.ts';
import { queryRows } from '../../platform/db/client.ts';
import type { SecretBox } from '../../platform/secrets.ts';
import { type Actor, requireRole } from '../../platform/tenancy.ts';
import { getChannel, openChannel } from './channels.ts';
import { envelope } from './dispatcher.ts';
import { renderMessage } from './messages.ts';
import { send } from './senders.ts';

/**
 * The "send test" button: one attempt now, answered with its outcome, and kept in the delivery
 * log like any other. It neither retries nor counts toward turning the channel off: a person is
 * watching, and a failing test is how they find out what to fix.
 */
export async function sendTest(db: Db, box: SecretBox, actor: Actor, channelId: string, baseUrl: string) {
  requireRole(actor, 'operator');
  const channel = await getChannel(db, actor, channelId);
  const message = await renderMessage(
    db,
    {
      type: 'test',
      customerId: channel.customerId,
      payload: { by: actor.username, channelName: channel.name },
    },
    baseUrl,
  );
  const [row] = await queryRows<{ id: string; created_at: string }>(
    db,
    sql`insert into notification_deliveries (customer_id, channel_id, type, summary, message, status, attempts, claimed_until)
        values (${channel.customerId}, ${channel.id}, 'test', ${message.title}, ${JSON.stringify(message)}::jsonb,
                'sending', 1, now() + interval '2 minutes')
        returning id, created_at`,
  );
  const d = {
    id: row!.id,
    customer_id: channel.customerId,
    type: 'test',
    message,
    created_at: row!.created_at,
  };
  const opened = await openChannel(db, box, channel.id);
  const started = performance.now();
  const result = opened
    ? await send(opened.channel, await envelope(db, d))
    : { ok: false, statusCode: null, error: 'the channel is gone', retry: false };
  const ms = Math.round(performance.now() - started);
  const attempt = { at: new Date().toISOString(), statusCode: result.statusCode, error: result.error, ms };
  await db.execute(sql`
    update notification_deliveries set status = ${result.ok ? 'delivered' : 'failed'}, claimed_until = null,
      last_status_code = ${result.statusCode}, last_error = ${result.error},
      delivered_at = ${result.ok ? sql`now()` : null}, log = ${JSON.stringify([attempt])}::jsonb
    where id = ${d.id}`);
  return { ok: result.ok, statusCode: result.statusCode, error: result.error, ms, deliveryId: d.id };
}
