import { type DeviceTarget, NetioError, platformByName, redact, withDevice } from '../../netio/index.ts';
import type { Session } from '../../netio/session.ts';
import type { RunContext, TaskDevice } from './contract.ts';

/** How netio reaches a device of the inventory, within the task's time and cancellation. */
export function deviceTarget(
  device: TaskDevice,
  ctx: Pick<RunContext, 'signal' | 'timeoutMs' | 'transcript'>,
  platform = device.platform,
  cred = device.credential,
): DeviceTarget {
  if (!cred) throw new NetioError('auth', 'the device has no credential; assign one to it');
  if (!platform)
    throw new NetioError(
      'unsupported',
      'the device has no platform; set one or run refresh_facts to detect it',
    );
  return {
    host: device.mgmtIp,
    port: device.port,
    username: cred.username,
    password: cred.password,
    privateKey: cred.privateKey,
    secret: cred.enableSecret,
    platform,
    hostKey: device.hostKey ?? undefined,
    legacyAlgorithms: device.legacySsh,
    transport: device.transport,
    signal: ctx.signal,
    connectTimeoutMs: Math.min(ctx.timeoutMs, 20_000),
    commandTimeoutMs: ctx.timeoutMs,
    transcript: ctx.transcript,
  };
}

/**
 * The device's last words when a session timed out or dropped, for the job's result: the last
 * lines it printed, its platform's secrets redacted as in a backup. "timeout" alone does not say
 * whether the device hung at a pager, a question or a half-sent config.
 */
export function withLastOutput(err: unknown, platform: string): unknown {
  if (!(err instanceof NetioError) || !err.output?.trim()) return err;
  if (err.category !== 'timeout' && err.category !== 'reset') return err;
  const rules = platformByName(platform)?.backup.redact ?? [];
  const lines = redact(err.output, rules)
    .split('\n')
    .map((l) => l.trimEnd())
    .filter((l) => l.trim() !== '');
  const tail = lines.slice(-3).join(' ⏎ ').slice(-300);
  return new NetioError(err.category, `${err.message}; the device's last output: "${tail}"`, {
    cause: err,
    output: err.output,
  });
}

/** After every credential a device may try failed, they are not tried on it again for this long. */
export const CREDENTIAL_RETRY_MS = 10 * 60_000;

/**
 * One session on the device for `work`, always closed. A device without a credential of its own
 * tries the customer's in turn, the next only when the last was refused (never after another
 * error: a timeout says nothing about the password), and the one that logged in is reported for
 * the result. When all were refused, they are not tried again for a while: a lockout policy on
 * the device must not be fed a list of wrong passwords every few minutes.
 */
export async function onDevice<T>(
  device: TaskDevice,
  ctx: Pick<RunContext, 'signal' | 'timeoutMs' | 'transcript' | 'report'> & {
    /** The session's pty, for a person at a terminal. */
    pty?: DeviceTarget['pty'];
  },
  work: (session: Session, hostKey: string) => Promise<T>,
): Promise<T> {
  const choices = device.credentials;
  const failedAt = device.fallback ? device.credentialsFailedAt : null;
  if (failedAt && Date.now() - failedAt.getTime() < CREDENTIAL_RETRY_MS)
    throw new NetioError(
      'auth',
      `every credential this device may try was refused at ${failedAt.toISOString()}; they are tried again after ${new Date(failedAt.getTime() + CREDENTIAL_RETRY_MS).toISOString()}`,
    );
  const list = choices.length ? choices : [undefined];
  const refused: string[] = [];
  for (const [i, choice] of list.entries()) {
    try {
      const target = { ...deviceTarget(device, ctx, device.platform, choice?.credential), pty: ctx.pty };
      const result = await withDevice(target, work);
      if (choice && ctx.report) ctx.report.credential = { id: choice.id, name: choice.name };
      return result;
    } catch (err) {
      if (!(err instanceof NetioError) || err.category !== 'auth') throw withLastOutput(err, device.platform);
      if (choice) refused.push(choice.name);
      if (i < list.length - 1) continue;
      if (!device.fallback || refused.length === 0) throw err;
      if (ctx.report) ctx.report.credentialsFailed = true;
      throw new NetioError(
        'auth',
        `authentication failed with each credential this device may try: ${refused.join(', ')}`,
        {
          cause: err,
        },
      );
    }
  }
  throw new NetioError('auth', 'no credential to try');
}
