import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { fixturesDir } from '../../../tests/helpers/fixtures.ts';
import type { PingOptions } from '../models.ts';
import { PING_DEFAULTS } from '../operations.ts';
import {
  iosPingCommand,
  junosPingCommand,
  linuxPingCommand,
  nxosPingCommand,
  parseIosPing,
  parseJunosPing,
  parseUnixPing,
  xrPingCommand,
} from './ping.ts';

const options = (destination: string): PingOptions => ({ ...PING_DEFAULTS, destination });
const dirOf = (platform: string) => path.join(fixturesDir('ntc-templates'), platform, 'ping');
const dir = dirOf('cisco_ios');
const samples = fs
  .readdirSync(dir)
  .filter((f) => f.endsWith('.raw'))
  .map((f) => f.replace(/\.raw$/, ''));
const xrDir = dirOf('cisco_xr');
const xrSamples = fs
  .readdirSync(xrDir)
  .filter((f) => f.endsWith('.raw'))
  .map((f) => f.replace(/\.raw$/, ''));

describe("NAPALM's ping", () => {
  it('builds the command each driver builds', () => {
    expect(iosPingCommand({ ...options('10.0.0.1'), vrf: 'MGMT', source: 'Loopback0' })).toBe(
      'ping vrf MGMT 10.0.0.1 timeout 2 size 100 repeat 5 source Loopback0',
    );
    expect(nxosPingCommand({ ...options('2001:db8::1'), count: 3 })).toBe(
      'ping6 2001:db8::1 timeout 2 packet-size 100 count 3',
    );
  });

  it.each(samples)('IOS %s: probes, losses and round trips as NAPALM reads them', (name) => {
    const raw = fs.readFileSync(path.join(dir, `${name}.raw`), 'utf8');
    const [expected] = (
      parseYaml(fs.readFileSync(path.join(dir, `${name}.yml`), 'utf8')) as {
        parsed_sample: Record<string, string>[];
      }
    ).parsed_sample;
    const r = parseIosPing(raw, options(expected!.destination!));
    if (!('success' in r)) throw new Error(`no success in ${name}`);
    if (!raw.includes('Success rate is')) {
      // A directed broadcast lists replies but no success rate: NAPALM counts nothing then.
      expect(r.success).toMatchObject({ probes_sent: 0, packet_loss: 0, results: [] });
      return;
    }
    const sent = Number(expected!.sent_qty);
    const received = Number(expected!.success_qty);
    expect(r.success.probes_sent).toBe(sent);
    expect(r.success.packet_loss).toBe(sent - received);
    expect(r.success.results).toHaveLength(received > 0 ? received : 0);
    if (received > 0) expect(r.success.rtt_max).toBe(Number(expected!.rtt_max));
  });

  it.each(xrSamples)("IOS-XR %s: IOS's answer, read the same way", (name) => {
    const raw = fs.readFileSync(path.join(xrDir, `${name}.raw`), 'utf8');
    const [expected] = (
      parseYaml(fs.readFileSync(path.join(xrDir, `${name}.yml`), 'utf8')) as {
        parsed_sample: Record<string, string>[];
      }
    ).parsed_sample;
    const r = parseIosPing(raw, options(expected!.destination!));
    if (!('success' in r)) throw new Error(`no success in ${name}`);
    const sent = Number(expected!.sent_qty);
    const received = Number(expected!.success_qty);
    expect(r.success.probes_sent).toBe(sent);
    expect(r.success.packet_loss).toBe(sent - received);
    if (received > 0) expect(r.success.rtt_max).toBe(Number(expected!.rtt_max));
  });

  it('IOS-XR and Junos build their own commands', () => {
    expect(xrPingCommand({ ...options('10.0.0.1'), vrf: 'MGMT', count: 3 })).toBe(
      'ping vrf MGMT 10.0.0.1 timeout 2 size 100 count 3',
    );
    expect(junosPingCommand({ ...options('10.0.0.1'), vrf: 'blue', source: '10.0.0.2' })).toBe(
      'ping 10.0.0.1 count 5 size 100 wait 2 ttl 255 source 10.0.0.2 routing-instance blue',
    );
  });

  it("Linux: iputils' options for NAPALM's, a VRF through ip vrf exec; its answer read as EOS's", () => {
    expect(linuxPingCommand({ ...options('10.0.0.1'), count: 3 })).toBe(
      'ping -c 3 -s 100 -t 255 -W 2 10.0.0.1',
    );
    expect(linuxPingCommand({ ...options('10.0.0.1'), vrf: 'mgmt', source: 'eth1' })).toBe(
      'ip vrf exec mgmt ping -c 5 -s 100 -t 255 -W 2 -I eth1 10.0.0.1',
    );
    // iputils 20221126 on Debian 12.
    const out = `PING 10.0.0.1 (10.0.0.1) 100(128) bytes of data.
108 bytes from 10.0.0.1: icmp_seq=1 ttl=64 time=0.412 ms
108 bytes from 10.0.0.1: icmp_seq=3 ttl=64 time=0.388 ms

--- 10.0.0.1 ping statistics ---
3 packets transmitted, 2 received, 33.3333% packet loss, time 2041ms
rtt min/avg/max/mdev = 0.388/0.400/0.412/0.012 ms
`;
    expect(parseUnixPing(out, { ...options('10.0.0.1'), count: 3 })).toEqual({
      success: {
        probes_sent: 3,
        packet_loss: 1,
        rtt_min: 0.388,
        rtt_avg: 0.4,
        rtt_max: 0.412,
        rtt_stddev: 0.012,
        results: [
          { ip_address: '10.0.0.1', rtt: 0.412 },
          { ip_address: '10.0.0.1', rtt: 0.388 },
        ],
      },
    });
  });

  it('Junos: each reply and the statistics; loss as the percentage; every probe lost is the error', () => {
    const out = `PING 10.0.0.2 (10.0.0.2): 100 data bytes
108 bytes from 10.0.0.2: icmp_seq=0 ttl=64 time=1.103 ms
108 bytes from 10.0.0.2: icmp_seq=2 ttl=64 time=1.502 ms

--- 10.0.0.2 ping statistics ---
3 packets transmitted, 2 packets received, 33% packet loss
round-trip min/avg/max/stddev = 1.103/1.302/1.502/0.199 ms
`;
    expect(parseJunosPing(out, options('10.0.0.2'))).toEqual({
      success: {
        probes_sent: 3,
        packet_loss: 33,
        rtt_min: 1.103,
        rtt_avg: 1.302,
        rtt_max: 1.502,
        rtt_stddev: 0.199,
        results: [
          { ip_address: '10.0.0.2', rtt: 1.103 },
          { ip_address: '10.0.0.2', rtt: 1.502 },
        ],
      },
    });
    const lost =
      'PING 10.9.9.9 (10.9.9.9): 100 data bytes\n\n--- 10.9.9.9 ping statistics ---\n5 packets transmitted, 0 packets received, 100% packet loss\n';
    expect(parseJunosPing(lost, options('10.9.9.9'))).toEqual({ error: 'Packet loss 100' });
  });

  it('IOS: a refusal is the error, with the device’s words', () => {
    expect(
      parseIosPing('% Unrecognized host or address, or protocol not running.\n', options('nohost')),
    ).toEqual({
      error: '% Unrecognized host or address, or protocol not running.\n',
    });
  });

  it('NX-OS and EOS: each reply with its time, the statistics, and the deviation where EOS gives it', () => {
    const nxos = [
      'PING 10.0.0.2 (10.0.0.2): 56 data bytes',
      '64 bytes from 10.0.0.2: icmp_seq=0 ttl=254 time=1.201 ms',
      'Request 1 timed out',
      '64 bytes from 10.0.0.2: icmp_seq=2 ttl=254 time=0.902 ms',
      '',
      '--- 10.0.0.2 ping statistics ---',
      '3 packets transmitted, 2 packets received, 33.33% packet loss',
      'round-trip min/avg/max = 0.902/1.051/1.201 ms',
    ].join('\n');
    expect(parseUnixPing(nxos, options('10.0.0.2'))).toEqual({
      success: {
        probes_sent: 3,
        packet_loss: 1,
        rtt_min: 0.902,
        rtt_avg: 1.051,
        rtt_max: 1.201,
        rtt_stddev: 0,
        results: [
          { ip_address: '10.0.0.2', rtt: 1.201 },
          { ip_address: '10.0.0.2', rtt: 0.902 },
        ],
      },
    });
    const eos = [
      'PING 10.0.0.2 (10.0.0.2) 72(100) bytes of data.',
      '80 bytes from 10.0.0.2: icmp_seq=1 ttl=64 time=0.101 ms',
      '',
      '--- 10.0.0.2 ping statistics ---',
      '1 packets transmitted, 1 received, 0% packet loss, time 0ms',
      'rtt min/avg/max/mdev = 0.101/0.101/0.101/0.000 ms, ipg/ewma 0.1/0.1 ms',
    ].join('\n');
    expect(parseUnixPing(eos, options('10.0.0.2'))).toMatchObject({
      success: {
        probes_sent: 1,
        packet_loss: 0,
        rtt_stddev: 0,
        results: [{ ip_address: '10.0.0.2', rtt: 0.101 }],
      },
    });
    expect(parseUnixPing('connect: Network is unreachable', options('10.9.9.9'))).toEqual({
      error: 'connect: Network is unreachable',
    });
  });
});
