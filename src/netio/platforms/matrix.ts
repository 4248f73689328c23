import { PLATFORMS } from './index.ts';
import type { Platform } from './types.ts';

/**
 * The platforms and what webnet reads on each, as a Markdown page (docs/platforms.md). Written
 * from the platform tables themselves, so the page cannot drift: a unit test compares it with the
 * committed file, and `npm run docs:platforms` rewrites it.
 */
const GETTERS: [string, (p: Platform) => boolean][] = [
  ['facts', (p) => Boolean(p.getters.facts?.length)],
  ['interfaces', (p) => Boolean(p.getters.interfaces)],
  ['interfaces_ip', (p) => Boolean(p.getters.interfacesIp)],
  ['lldp', (p) => Boolean(p.getters.lldpNeighborsDetail)],
  ['cdp', (p) => Boolean(p.getters.cdpNeighborsDetail)],
  ['arp', (p) => Boolean(p.getters.arpTable)],
  ['mac', (p) => Boolean(p.getters.macAddressTable)],
  ['vlans', (p) => Boolean(p.getters.vlans)],
  ['bgp', (p) => Boolean(p.getters.bgpNeighbors)],
  ['bgp detail', (p) => Boolean(p.getters.bgpNeighborsDetail)],
  ['environment', (p) => Boolean(p.getters.environment)],
  ['route_to', (p) => Boolean(p.routeTo)],
  ['ping', (p) => Boolean(p.ping)],
  ['ntp/users/snmp', (p) => Boolean(p.getters.ntpServers && p.getters.users && p.getters.snmpInformation)],
  ['startup', (p) => Boolean(p.getters.startupConfig)],
];

const how = (p: Platform) =>
  [
    p.channel === 'exec' ? 'exec requests' : 'shell',
    p.backup.files?.length ? 'file over SCP' : '',
    p.configMode ? 'pushes config' : 'read only',
  ]
    .filter(Boolean)
    .join(', ');

export function platformMatrix(): string {
  const platforms = Object.values(PLATFORMS);
  const rows = platforms.map(
    (p) =>
      `| \`${p.name}\` | ${p.description} | ${how(p)} | ${p.detect ? `\`${p.detect.command}\`` : '—'} | ${GETTERS.map(([, has]) => (has(p) ? '✓' : '')).join(' | ')} |`,
  );
  return `# Platforms

Generated from the platform tables by \`npm run docs:platforms\`; a unit test keeps it current.
Every platform backs up (cleaned, secrets redacted) and runs commands; the columns after
"detected by" are NAPALM's getters webnet reads on it, with NAPALM's values (see the README).
${platforms.length} platforms.

| platform | devices | session | detected by | ${GETTERS.map(([name]) => name).join(' | ')} |
|---|---|---|---|${GETTERS.map(() => '---').join('|')}|
${rows.join('\n')}
`;
}
