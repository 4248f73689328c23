import { describe, expect, it } from 'vitest';
import { junosFqdn, junosInterfaceList, parseJunosVersion } from './juniper_junos.ts';

const VERSION = 'Hostname: vsrx\nModel: firefly-perimeter\nJunos: 12.1X47-D20.7\n';

describe("get_facts on Junos, as NAPALM's junos gives them through PyEZ", () => {
  it('the model upper-cased; the fqdn the host name with the configured domain, or the host name alone', () => {
    expect(parseJunosVersion(VERSION)).toMatchObject({ hostname: 'vsrx', model: 'FIREFLY-PERIMETER' });
    expect(junosFqdn(VERSION, 'domain-name corp.example;\n').fqdn).toBe('vsrx.corp.example');
    expect(junosFqdn(VERSION, '\n').fqdn).toBe('vsrx');
  });

  it('the interface list: every physical interface in order, internal ones included, no logical units', () => {
    const terse = `Interface               Admin Link Proto    Local                 Remote
ge-0/0/0                up    up
ge-0/0/0.0              up    up   inet     10.0.0.1/31
xe-0/1/0                up    down
.local.                 up    up
.local..0               up    up   inet     10.0.0.1
dsc                     up    up
lo0                     up    up
lo0.16384               up    up   inet     127.0.0.1           --> 0/0
vlan                    up    down
`;
    expect(junosInterfaceList(terse).interface_list).toEqual([
      'ge-0/0/0',
      'xe-0/1/0',
      '.local.',
      'dsc',
      'lo0',
      'vlan',
    ]);
  });
});
