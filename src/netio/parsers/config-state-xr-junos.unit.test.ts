import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fixturesDir } from '../../../tests/helpers/fixtures.ts';
import { cleanConfig } from '../clean/index.ts';
import { juniperJunos } from '../platforms/juniper_junos.ts';
import {
  junosNtpServers,
  junosSnmp,
  junosStatements,
  junosUsers,
  xrNtpServers,
  xrSnmp,
  xrUsers,
} from './config-state-xr-junos.ts';

describe('Junos configuration read as statements', () => {
  it('gives each leaf its path, lists one statement per member, drops comments and inactive marks', () => {
    const text = `## Last commit: 2026-12-01 by ops
system {
    /* the NTP pool */
    ntp {
        server 192.0.2.1;
        inactive: server 192.0.2.2;
    }
}
vlans {
    users {
        interface [ ge-0/0/1.0 ge-0/0/2.0 ];
    }
}`;
    expect(junosStatements(text)).toEqual([
      'system ntp server 192.0.2.1',
      'system ntp server 192.0.2.2',
      'vlans users interface ge-0/0/1.0',
      'vlans users interface ge-0/0/2.0',
    ]);
  });

  it("reads Oxidized's recorded SRX: the user, its class as a level, root at 20, hashes as markers; SNMP location", () => {
    const stored = fs.readFileSync(
      path.join(fixturesDir('oxidized'), 'junos#srx300_22.4#output.txt'),
      'utf8',
    );
    const { config } = cleanConfig(stored, juniperJunos.backup, new Uint8Array(32).fill(1));
    expect(junosUsers(config)).toEqual({
      oxidized: { level: 15, password: expect.stringMatching(/^<redacted:[0-9a-f]{8}>$/), sshkeys: [] },
      root: { level: 20, password: expect.stringMatching(/^<redacted:[0-9a-f]{8}>$/), sshkeys: [] },
    });
    expect(junosSnmp(config)).toEqual({
      chassis_id: '',
      contact: '',
      location: '42 Wallaby Way, Sydney',
      community: {},
    });
    expect(junosNtpServers(config)).toEqual({});
  });

  it('reads NTP, SSH keys, login classes and communities with their clients', () => {
    const text = `system {
    ntp {
        server 192.0.2.123 prefer;
    }
    login {
        user noc {
            class read-only;
            authentication {
                ssh-rsa "ssh-rsa AAAAB3Nz noc@laptop";
                ssh-ed25519 "ssh-ed25519 AAAAC3Nz noc@laptop";
            }
        }
        user auto {
            class automation;
        }
    }
}
snmp {
    contact "noc@example.net";
    community public {
        authorization read-write;
        client-list-name MGMT;
    }
}`;
    expect(junosNtpServers(text)).toEqual({ '192.0.2.123': {} });
    expect(junosUsers(text)).toEqual({
      // NAPALM's junos reads RSA, DSA and ECDSA keys only.
      noc: { level: 1, password: '', sshkeys: ['ssh-rsa AAAAB3Nz noc@laptop'] },
      auto: { level: 0, password: '', sshkeys: [] },
    });
    expect(junosSnmp(text)).toMatchObject({
      contact: 'noc@example.net',
      community: { public: { mode: 'rw', acl: 'MGMT' } },
    });
  });
});

describe('IOS-XR configuration', () => {
  const text = `hostname xr1
username ops
 group root-lr
 secret 10 <redacted:0a1b2c3d>
!
username viewer
 group operator
!
ntp
 server vrf MGMT 192.0.2.123
 server 192.0.2.124 prefer
!
snmp-server community <redacted:11223344> RO SystemOwner IPv4 SNMP-ACL
snmp-server community <redacted:55667788> RW
snmp-server location Lab rack 1
`;
  it("gives users NAPALM iosxr's levels by group, the hash as its marker", () => {
    expect(xrUsers(text)).toEqual({
      ops: { level: 15, password: '<redacted:0a1b2c3d>', sshkeys: [] },
      viewer: { level: 5, password: '', sshkeys: [] },
    });
  });

  it('gives the NTP servers of every VRF and the SNMP communities with their ACLs', () => {
    expect(xrNtpServers(text)).toEqual({ '192.0.2.123': {}, '192.0.2.124': {} });
    expect(xrSnmp(text)).toEqual({
      chassis_id: '',
      contact: '',
      location: 'Lab rack 1',
      community: {
        '<redacted:11223344>': { acl: 'SNMP-ACL', mode: 'ro' },
        '<redacted:55667788>': { acl: 'N/A', mode: 'rw' },
      },
    });
  });
});
