import { type DeviceTarget, NetioError, withDevice } from '../../netio/index.ts';
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

/** One session on the device for `work`, always closed. */
export const onDevice = <T>(
  device: TaskDevice,
  ctx: RunContext,
  work: (session: Session, hostKey: string) => Promise<T>,
): Promise<T> => withDevice(deviceTarget(device, ctx), work);
