import type { LabDevice, LabInterface } from '../model.ts';
import { linkUp } from './management.ts';

/** "1 week, 3 days, 16 hours, 11 minutes" as IOS prints an uptime. */
export function uptimeText(device: LabDevice, now = Date.now()): string {
  let s = Math.max(60, Math.floor((now - device.bootedAt) / 1000));
  const parts: string[] = [];
  for (const [unit, size] of [
    ['week', 604800],
    ['day', 86400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    const n = Math.floor(s / size);
    s -= n * size;
    if (n > 0 || unit === 'minute') parts.push(`${n} ${unit}${n === 1 ? '' : 's'}`);
  }
  return parts.join(', ');
}

/** Cisco's dotted MAC form: 5254.0012.3456. */
export const dottedMac = (mac: string) => mac.replace(/[^0-9a-f]/gi, '').replace(/(.{4})(?=.)/g, '$1.');

export function networkOf(cidr: string): string {
  const [ip = '', len = '32'] = cidr.split('/');
  const bits = Number(len);
  const n = ip.split('.').reduce((a, o) => (a << 8) + Number(o), 0) >>> 0;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  const net = (n & mask) >>> 0;
  return `${[24, 16, 8, 0].map((sh) => (net >>> sh) & 255).join('.')}/${bits}`;
}

/**
 * An interface as the running config says it is now: configuration changes (description,
 * shutdown, address) show up in "show interfaces" like on the device.
 */
export function interfaceView(
  device: LabDevice,
  iface: LabInterface,
  header = `interface ${iface.name}`,
): LabInterface {
  const start = device.running.indexOf(header);
  const view = { ...iface, up: linkUp(device, iface) };
  if (start === -1) return view;
  for (let i = start + 1; i < device.running.length && /^\s/.test(device.running[i]!); i++) {
    const line = device.running[i]!.trim();
    if (line.startsWith('description ')) view.description = line.slice(12);
    else if (line === 'shutdown') view.enabled = false;
    const ip = /^ip address (\d+\.\d+\.\d+\.\d+)(?:\/(\d+)| (\d+\.\d+\.\d+\.\d+))/.exec(line);
    if (ip) view.ipv4 = `${ip[1]}/${ip[2] ?? maskBits(ip[3]!)}`;
  }
  if (!view.enabled) view.up = false;
  return view;
}

const maskBits = (mask: string) =>
  mask.split('.').reduce((bits, o) => bits + Number(o).toString(2).replace(/0/g, '').length, 0);

export const timestamp = (t = Date.now()) => {
  const d = new Date(t);
  const day = d.toUTCString().slice(0, 3);
  const mon = d.toUTCString().slice(8, 11);
  return `${d.toISOString().slice(11, 19)} UTC ${day} ${mon} ${d.getUTCDate()} ${d.getUTCFullYear()}`;
};
