import type { PingOptions, PingResult } from '../models.ts';

/**
 * NAPALM's ping from the device, per driver: the command each builds from the same options and
 * how each reads the answer. `results` holds one entry per reply (IOS does not print the time of
 * each, so NAPALM gives 0.0 there).
 */

const empty = () => ({
  probes_sent: 0,
  packet_loss: 0,
  rtt_min: 0,
  rtt_max: 0,
  rtt_avg: 0,
  rtt_stddev: 0,
  results: [] as { ip_address: string; rtt: number }[],
});

export function iosPingCommand(o: PingOptions): string {
  let command = o.vrf ? `ping vrf ${o.vrf} ${o.destination}` : `ping ${o.destination}`;
  command += ` timeout ${o.timeout} size ${o.size} repeat ${o.count}`;
  if (o.source) command += ` source ${o.source}`;
  return command;
}

/** IOS: "Success rate is 80 percent (4/5), round-trip min/avg/max = 1/2/4 ms". */
export function parseIosPing(output: string, o: PingOptions): PingResult {
  if (output.includes('%')) return { error: output };
  if (!output.includes('Sending')) return {};
  const success = empty();
  for (const line of output.split('\n')) {
    if (!line.includes('Success rate is')) continue;
    const counts = /\((\d*)\/(\d*)\)/.exec(line);
    const sent = Number(counts?.[2] ?? 0);
    const received = Number(counts?.[1] ?? 0);
    success.probes_sent = sent;
    success.packet_loss = sent - received;
    if (line.includes('Success rate is 0 ')) break;
    const rtt = /(\d*)\/(\d*)\/(\d*)/.exec(line.slice(line.indexOf('round-trip')));
    if (rtt) {
      success.rtt_min = Number(rtt[1]);
      success.rtt_avg = Number(rtt[2]);
      success.rtt_max = Number(rtt[3]);
    }
    success.results = Array.from({ length: received }, () => ({ ip_address: o.destination, rtt: 0 }));
  }
  return { success };
}

export function nxosPingCommand(o: PingOptions): string {
  let command = `ping${o.destination.includes(':') ? '6' : ''} ${o.destination}`;
  command += ` timeout ${o.timeout} packet-size ${o.size} count ${o.count}`;
  if (o.source) command += ` source ${o.source}`;
  if (o.vrf) command += ` vrf ${o.vrf}`;
  return command;
}

export function eosPingCommand(o: PingOptions): string {
  let command = `ping ${o.vrf ? `vrf ${o.vrf} ` : ''}${o.destination}`;
  command += ` timeout ${o.timeout} size ${o.size} repeat ${o.count}`;
  if (o.source) command += ` source ${o.source}`;
  return command;
}

/**
 * Linux's ping (iputils) with NAPALM's options: count, data size, TTL, the wait for each reply,
 * the source address or interface, and a VRF through "ip vrf exec". Its answer reads as EOS's.
 */
export function linuxPingCommand(o: PingOptions): string {
  const command = `ping -c ${o.count} -s ${o.size} -t ${o.ttl} -W ${o.timeout}${o.source ? ` -I ${o.source}` : ''} ${o.destination}`;
  return o.vrf ? `ip vrf exec ${o.vrf} ${command}` : command;
}

/**
 * NX-OS and EOS print a Unix ping: a line per reply ("108 bytes from 10.0.0.1: icmp_seq=0 ttl=254
 * time=1.2 ms"), "5 packets transmitted, 5 (packets) received", and the min/avg/max(/mdev) line.
 */
export function parseUnixPing(output: string, o: PingOptions): PingResult {
  if (output.includes('connect:')) return { error: output };
  if (!output.includes('PING')) return {};
  const success = empty();
  const v6 = o.destination.includes(':');
  for (const line of output.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (line.includes('icmp')) {
      if (line.includes('Unreachable')) {
        success.results.push({
          ip_address: fields[2]?.includes('(') ? fields[2].slice(1, -1) : (fields[1] ?? ''),
          rtt: 0,
        });
      } else if (fields[1] === 'bytes') {
        const time = (v6 ? fields[5] : fields[6]) ?? '';
        success.results.push({ ip_address: (fields[3] ?? '').replace(/:$/, ''), rtt: Number(time.slice(5)) });
      }
    } else if (line.includes('packets transmitted')) {
      success.probes_sent = Number(fields[0]);
      success.packet_loss = Number(fields[0]) - Number(fields[3]);
    } else if (line.includes('min/avg/max')) {
      const [min, avg, max, dev] = (fields[3] ?? '').split('/').map(Number);
      success.rtt_min = min ?? 0;
      success.rtt_avg = avg ?? 0;
      success.rtt_max = max ?? 0;
      if (dev !== undefined && !Number.isNaN(dev)) success.rtt_stddev = dev;
    }
  }
  return { success };
}

/** IOS-XR: IOS's dialog and answer, its own option words. */
export function xrPingCommand(o: PingOptions): string {
  let command = `ping ${o.vrf ? `vrf ${o.vrf} ` : ''}${o.destination}`;
  command += ` timeout ${o.timeout} size ${o.size} count ${o.count}`;
  if (o.source) command += ` source ${o.source}`;
  return command;
}

/** Junos: "ping DEST count N size S wait T ttl TTL [source X] [routing-instance V]". */
export function junosPingCommand(o: PingOptions): string {
  let command = `ping ${o.destination} count ${o.count} size ${o.size} wait ${o.timeout} ttl ${o.ttl}`;
  if (o.source) command += ` source ${o.source}`;
  if (o.vrf) command += ` routing-instance ${o.vrf}`;
  return command;
}

/**
 * Junos, as NAPALM's junos driver reads its ping: each reply's time, the min/avg/max/stddev line,
 * and packet_loss as the percentage Junos reports; a ping with every probe lost is NAPALM's error
 * "Packet loss 100".
 */
export function parseJunosPing(output: string, o: PingOptions): PingResult {
  if (/^ping: /m.test(output)) return { error: output };
  if (!output.includes('PING')) return {};
  const success = empty();
  for (const line of output.split('\n')) {
    const reply = /^\d+ bytes from ([^:]+): icmp_seq=\d+ ttl=\d+ time=([\d.]+) ms/.exec(line);
    if (reply) success.results.push({ ip_address: reply[1]!, rtt: Number(reply[2]) });
    const stats = /^(\d+) packets transmitted, (\d+) packets received, ([\d.]+)% packet loss/.exec(line);
    if (stats) {
      success.probes_sent = Number(stats[1]);
      success.packet_loss = Math.round(Number(stats[3]));
    }
    const rtt = /min\/avg\/max\/stddev = ([\d.]+)\/([\d.]+)\/([\d.]+)\/([\d.]+) ms/.exec(line);
    if (rtt) {
      success.rtt_min = Number(rtt[1]);
      success.rtt_avg = Number(rtt[2]);
      success.rtt_max = Number(rtt[3]);
      success.rtt_stddev = Number(rtt[4]);
    }
  }
  if (success.probes_sent > 0 && success.packet_loss === 100)
    return { error: `Packet loss ${success.packet_loss}` };
  void o;
  return { success };
}
