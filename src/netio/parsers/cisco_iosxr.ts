import { type Facts, uptimeSeconds } from '../models.ts';
import { field } from './common.ts';

export function parseXrVersion(output: string): Facts {
  return {
    hostname: field(output, /^(\S+) uptime is/m),
    fqdn: '',
    vendor: 'Cisco',
    model: field(output, /^cisco (.+?) \(.*\) processor/m),
    serial_number: field(output, /Processor [Bb]oard ID (\S+)/),
    os_version: field(output, /^Cisco IOS XR Software, Version ([^\s[]+)/m),
    uptime: uptimeSeconds(field(output, /uptime is (.+)$/m)),
    interface_list: [],
  };
}
