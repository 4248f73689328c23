import { createHmac, timingSafeEqual } from 'node:crypto';
import nodemailer from 'nodemailer';
import { assertOutboundHost, OutboundRefused, outboundFetch } from '../../platform/http/outbound.ts';
import type { ChannelSecrets, ChannelSettings, Message } from './schemas.ts';
import type { ChannelKind } from './table.ts';

/** One attempt's outcome. `retry` is false when trying again cannot help (the receiver refused it). */
export type SendResult = { ok: boolean; statusCode: number | null; error: string | null; retry: boolean };

export type Envelope = {
  deliveryId: string;
  type: string;
  occurredAt: string;
  customer: { id: string; name: string };
  message: Message;
};

export type Channel = {
  [K in ChannelKind]: { kind: K; name: string; settings: ChannelSettings[K]; secret: ChannelSecrets[K] };
}[ChannelKind];

const TIMEOUT_MS = 10_000;

/**
 * `t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`: the timestamp is signed with the body,
 * so a receiver that checks its age refuses a replayed request (Stripe's scheme).
 */
export function signWebhook(secret: string, body: string, at = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${at}.${body}`).digest('hex');
  return `t=${at},v1=${mac}`;
}

/** What a receiver does with the header (the README shows it; the tests use it). */
export function verifyWebhook(secret: string, body: string, header: string, toleranceSeconds = 300): boolean {
  const parts = Object.fromEntries(header.split(',').map((kv) => kv.split('=', 2) as [string, string]));
  const at = Number(parts.t);
  if (!Number.isInteger(at) || !parts.v1) return false;
  if (Math.abs(Date.now() / 1000 - at) > toleranceSeconds) return false;
  const want = Buffer.from(createHmac('sha256', secret).update(`${at}.${body}`).digest('hex'));
  const got = Buffer.from(parts.v1);
  return got.length === want.length && timingSafeEqual(got, want);
}

/** The webhook's body: the event, for machines. */
export function webhookBody(env: Envelope) {
  return {
    id: env.deliveryId,
    type: env.type,
    occurredAt: env.occurredAt,
    customer: env.customer,
    title: env.message.title,
    lines: env.message.lines,
    link: env.message.link,
    data: env.message.data,
  };
}

/** Slack decodes these three entities and no others (its message formatting docs). */
const slackText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const html = (s: string) => slackText(s).replace(/"/g, '&quot;');

/** Slack's Block Kit: a headline, the facts, and a button back into webnet. */
export function slackBody(env: Envelope) {
  const m = env.message;
  const blocks: Record<string, unknown>[] = [
    { type: 'header', text: { type: 'plain_text', text: m.title.slice(0, 150), emoji: false } },
  ];
  if (m.lines.length)
    blocks.push({
      type: 'section',
      text: { type: 'mrkdwn', text: `\`\`\`${slackText(m.lines.join('\n')).slice(0, 2900)}\`\`\`` },
    });
  blocks.push(
    {
      type: 'context',
      elements: [
        { type: 'mrkdwn', text: `${slackText(env.customer.name)} · ${env.type} · ${env.occurredAt}` },
      ],
    },
    {
      type: 'actions',
      elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open in webnet' }, url: m.link }],
    },
  );
  // `text` is what notifications and screen readers show.
  return { text: `${m.title} <${m.link}|Open in webnet>`, blocks };
}

export function emailBody(env: Envelope) {
  const m = env.message;
  return {
    subject: `[webnet] ${m.title}`,
    text: [
      m.title,
      '',
      ...m.lines,
      '',
      m.link,
      '',
      `${env.customer.name} · ${env.type} · ${env.occurredAt}`,
    ].join('\n'),
    html: `<h2>${html(m.title)}</h2>${
      m.lines.length ? `<pre>${html(m.lines.join('\n'))}</pre>` : ''
    }<p><a href="${html(m.link)}">Open in webnet</a></p><p style="color:#666">${html(
      `${env.customer.name} · ${env.type} · ${env.occurredAt}`,
    )}</p>`,
  };
}

async function post(url: string, body: unknown, headers: Record<string, string>): Promise<SendResult> {
  try {
    const res = await outboundFetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'webnet', ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
      signal: AbortSignal.timeout(TIMEOUT_MS),
      redirect: 'manual',
    });
    await res.body?.cancel().catch(() => undefined);
    if (res.ok) return { ok: true, statusCode: res.status, error: null, retry: false };
    // A receiver's own refusal (bad URL, revoked hook) does not change on retry; overload and
    // outages (5xx, 429, 408) may.
    const retry = res.status >= 500 || res.status === 429 || res.status === 408;
    return { ok: false, statusCode: res.status, error: `HTTP ${res.status} ${res.statusText}`.trim(), retry };
  } catch (err) {
    const e = err as Error & { cause?: Error & { code?: string } };
    const refused = [e, e.cause].find((x) => x instanceof OutboundRefused);
    if (refused) return { ok: false, statusCode: null, error: refused.message, retry: false };
    const why =
      e.name === 'TimeoutError' ? `no answer in ${TIMEOUT_MS / 1000} s` : (e.cause?.code ?? e.message);
    return { ok: false, statusCode: null, error: why, retry: true };
  }
}

async function sendEmail(channel: Extract<Channel, { kind: 'email' }>, env: Envelope): Promise<SendResult> {
  const s = channel.settings;
  try {
    await assertOutboundHost(s.host);
  } catch (err) {
    return { ok: false, statusCode: null, error: (err as Error).message, retry: false };
  }
  const transport = nodemailer.createTransport({
    host: s.host,
    port: s.port,
    secure: s.tls === 'implicit',
    requireTLS: s.tls === 'starttls',
    ignoreTLS: s.tls === 'none',
    auth: s.username ? { user: s.username, pass: channel.secret.password ?? '' } : undefined,
    connectionTimeout: TIMEOUT_MS,
    greetingTimeout: TIMEOUT_MS,
    socketTimeout: TIMEOUT_MS,
  });
  try {
    const info = await transport.sendMail({ from: s.from, to: s.to, ...emailBody(env) });
    const code = Number.parseInt(String(info.response ?? '250'), 10);
    return { ok: true, statusCode: Number.isFinite(code) ? code : 250, error: null, retry: false };
  } catch (err) {
    const e = err as Error & { responseCode?: number; code?: string };
    // SMTP's 5xx is permanent (no such mailbox, relaying denied); 4xx and lost connections are not.
    const code = e.responseCode ?? null;
    return {
      ok: false,
      statusCode: code,
      error: e.message.slice(0, 500),
      retry: code === null || code < 500,
    };
  } finally {
    transport.close();
  }
}

/** Sends one envelope over a channel: one attempt, its outcome, never a throw. */
export async function send(channel: Channel, env: Envelope): Promise<SendResult> {
  switch (channel.kind) {
    case 'webhook': {
      const body = JSON.stringify(webhookBody(env));
      return post(channel.settings.url, body, {
        'x-webnet-event': env.type,
        'x-webnet-delivery': env.deliveryId,
        'x-webnet-signature': signWebhook(channel.secret.signingSecret, body),
      });
    }
    case 'slack':
      return post(channel.secret.webhookUrl, slackBody(env), {});
    case 'email':
      return sendEmail(channel, env);
  }
}
