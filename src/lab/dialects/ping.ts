import type { LabDevice } from '../model.ts';

/**
 * "ping" from a lab device, as IOS, NX-OS and EOS print it. The device reaches its own addresses
 * and the far end of each of its links (the /31 or /30 peer); nothing else answers.
 */
function reachable(d: LabDevice): Set<string> {
  const out = new Set<string>();
  for (const i of d.interfaces) {
    if (!i.ipv4) continue;
    const [ip, bits] = i.ipv4.split('/');
    const parts = ip!.split('.').map(Number);
    out.add(ip!);
    parts[3] = parts[3]! ^ (Number(bits) >= 31 ? 1 : 3);
    out.add(parts.join('.'));
  }
  return out;
}

/** Linux's ping names its target last, after its options ("ping -c 3 -s 100 10.0.0.1"). */
const linuxTarget = (command: string) =>
  /^ping\s+-/.test(command) ? command.trim().split(/\s+/).at(-1) : undefined;

const option = (command: string, name: string, fallback: number) =>
  Number(new RegExp(`\\s${name}\\s+(\\d+)`).exec(command)?.[1] ?? fallback);

export function pingReply(platform: string, d: LabDevice, command: string): string {
  const destination =
    linuxTarget(command) ?? command.replace(/^ping6?\s+(?:vrf\s+\S+\s+)?/, '').split(/\s+/)[0]!;
  const countWord =
    platform === 'cisco_nxos' || platform === 'cisco_iosxr' || platform === 'juniper_junos'
      ? 'count'
      : 'repeat';
  // Linux's ping takes "-c COUNT -s DATA-BYTES"; its header counts the 28 bytes of headers on top.
  const linux = platform === 'linux';
  const count = linux ? option(command, '-c', 3) : option(command, countWord, 5);
  const size = linux
    ? option(command, '-s', 56) + 28
    : option(command, platform === 'cisco_nxos' ? 'packet-size' : 'size', 100);
  const ok = reachable(d).has(destination);
  const times = Array.from({ length: count }, (_, k) => 1 + (k % 3) * 0.25);
  if (platform === 'cisco_ios' || platform === 'cisco_iosxr') {
    return [
      'Type escape sequence to abort.',
      `Sending ${count}, ${size}-byte ICMP Echos to ${destination}, timeout is 2 seconds:`,
      (ok ? '!' : '.').repeat(count),
      ok
        ? `Success rate is 100 percent (${count}/${count}), round-trip min/avg/max = 1/1/2 ms`
        : `Success rate is 0 percent (0/${count})`,
      '',
    ].join('\n');
  }
  const min = Math.min(...times).toFixed(3);
  const max = Math.max(...times).toFixed(3);
  const avg = (times.reduce((a, b) => a + b, 0) / count).toFixed(3);
  if (platform === 'juniper_junos') {
    return [
      `PING ${destination} (${destination}): ${size} data bytes`,
      ...(ok
        ? times.map(
            (t, k) => `${size + 8} bytes from ${destination}: icmp_seq=${k} ttl=64 time=${t.toFixed(3)} ms`,
          )
        : []),
      '',
      `--- ${destination} ping statistics ---`,
      `${count} packets transmitted, ${ok ? count : 0} packets received, ${ok ? 0 : 100}% packet loss`,
      ...(ok ? [`round-trip min/avg/max/stddev = ${min}/${avg}/${max}/0.204 ms`] : []),
      '',
    ].join('\n');
  }
  if (platform === 'cisco_nxos') {
    return [
      `PING ${destination} (${destination}): ${size} data bytes`,
      ...(ok
        ? times.map(
            (t, k) => `${size + 8} bytes from ${destination}: icmp_seq=${k} ttl=254 time=${t.toFixed(3)} ms`,
          )
        : times.map((_, k) => `Request ${k} timed out`)),
      '',
      `--- ${destination} ping statistics ---`,
      `${count} packets transmitted, ${ok ? count : 0} packets received, ${ok ? '0.00' : '100.00'}% packet loss`,
      ...(ok ? [`round-trip min/avg/max = ${min}/${avg}/${max} ms`] : []),
      '',
    ].join('\n');
  }
  return [
    `PING ${destination} (${destination}) ${size - 28}(${size}) bytes of data.`,
    ...(ok
      ? times.map(
          (t, k) =>
            `${size - 20} bytes from ${destination}: icmp_seq=${k + 1} ttl=64 time=${t.toFixed(3)} ms`,
        )
      : []),
    '',
    `--- ${destination} ping statistics ---`,
    `${count} packets transmitted, ${ok ? count : 0} received, ${ok ? 0 : 100}% packet loss, time ${count}ms`,
    ...(ok ? [`rtt min/avg/max/mdev = ${min}/${avg}/${max}/0.100 ms`] : []),
    '',
  ].join('\n');
}
