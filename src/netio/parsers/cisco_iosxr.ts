import { type Facts, uptimeSeconds } from '../models.ts';
import { field } from './common.ts';

/** NAPALM's iosxr gives the host name as the fqdn too. */
export function parseXrVersion(output: string): Facts {
  const hostname = field(output, /^(\S+) uptime is/m);
  return {
    hostname,
    fqdn: hostname,
    vendor: 'Cisco',
    model: field(output, /^cisco (.+?) \(.*\) processor/m),
    serial_number: field(output, /Processor [Bb]oard ID (\S+)/),
    os_version: field(output, /^Cisco IOS XR Software, Version ([^\s[]+)/m),
    uptime: uptimeSeconds(field(output, /uptime is (.+)$/m)),
    interface_list: [],
  };
}

/** NAPALM's iosxr lists the interfaces sorted by name. */
export function xrInterfaceList(facts: Facts): Facts {
  return { ...facts, interface_list: [...facts.interface_list].sort() };
}
