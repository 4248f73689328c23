import { describe, expect, it } from 'vitest';
import { flaggedLines } from './device-compliance';

const CONFIG = [
  'hostname r1',
  '!',
  'interface GigabitEthernet0/1',
  ' description uplink',
  '!',
  'interface GigabitEthernet0/2',
  ' switchport mode access',
  '!',
  'line vty 0 4',
  ' transport input telnet ssh',
  '!',
].join('\n');

describe('the lines a device compliance tab flags in the configuration', () => {
  it('marks a forbidden line where it stands and the header of the block a line is missing from', () => {
    const flags = flaggedLines(
      [
        {
          rule: 'no telnet',
          snapshotId: 's',
          findings: [
            {
              kind: 'forbidden',
              context: ['line vty 0 4'],
              line: 'transport input telnet ssh',
              at: 10,
              message: 'must not be there: transport input telnet ssh',
            },
          ],
        },
        {
          rule: 'portfast',
          snapshotId: 's',
          findings: [
            {
              kind: 'missing',
              context: ['interface GigabitEthernet0/2'],
              line: 'spanning-tree portfast',
              message: 'missing: spanning-tree portfast',
            },
            // Missing from the whole configuration: no place to flag, listed with its rule.
            { kind: 'missing', context: [], line: 'ntp server 192.0.2.1', message: 'missing: ntp' },
          ],
        },
      ],
      CONFIG,
    );
    expect(flags).toEqual([
      { line: 10, tone: 'fail', title: 'no telnet: must not be there: transport input telnet ssh' },
      { line: 6, tone: 'block', title: 'portfast: missing: spanning-tree portfast' },
    ]);
  });

  it('finds a nested block by its headers in order, and nothing when a header is gone', () => {
    const text = ['router bgp 65000', ' address-family ipv4', '  neighbor 192.0.2.1 activate', ' exit'].join(
      '\n',
    );
    const finding = (context: string[]) => ({
      rule: 'r',
      snapshotId: 's',
      findings: [{ kind: 'missing', context, line: 'x', message: 'missing: x' }],
    });
    expect(flaggedLines([finding(['router bgp 65000', ' address-family ipv4'])], text)).toEqual([
      { line: 2, tone: 'block', title: 'r: missing: x' },
    ]);
    expect(flaggedLines([finding(['router bgp 65001', ' address-family ipv4'])], text)).toEqual([]);
  });
});
