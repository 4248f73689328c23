import { type DeviceTarget, NetioError, platformByName, redact, withDevice } from '../../netio/index.ts';
import type { Session } from '../../netio/session.ts';
import type { RunContext, TaskDevice } from './contract.ts';

/** How netio reaches a device of the inventory, within the task's time and cancellation. */
export function deviceTarget(
  device: TaskDevice,
  ctx: Pick<RunContext, 'signal' | 'timeoutMs'>,
  platform = device.platform,
): DeviceTarget {
  const cred = device.credential;
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
    signal: ctx.signal,
    connectTimeoutMs: Math.min(ctx.timeoutMs, 20_000),
    commandTimeoutMs: ctx.timeoutMs,
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

/** One session on the device for `work`, always closed. */
export const onDevice = <T>(
  device: TaskDevice,
  ctx: RunContext,
  work: (session: Session, hostKey: string) => Promise<T>,
): Promise<T> =>
  withDevice(deviceTarget(device, ctx), work).catch((err: unknown) => {
    throw withLastOutput(err, device.platform);
  });
