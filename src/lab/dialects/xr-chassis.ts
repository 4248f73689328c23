/**
 * IOS-XR health as an 8000-series router prints it: fan trays (and the supplies' own fans),
 * two supplies (one failed), CPU and memory of the route processor.
 */
export function xrEnvironmentFan(): string {
  return `===============================================================================
                        Fan speed (rpm)
Location   FRU Type           FAN_0   FAN_1   FAN_2
-------------------------------------------------------------------------------
0/FT0      8201-FAN            9960    8880    9960
0/FT1      8201-FAN            9900    8880    9960
0/FT2      8201-FAN            9960    8820    9900

0/PM0      PSU1.4KW-ACPE      13920

0/PM1      PSU1.4KW-ACPE          0
`;
}

export function xrEnvironmentPower(): string {
  return `================================================================================
CHASSIS LEVEL POWER INFO: 0
================================================================================
   Total output power capacity (Group 0 + Group 1) :    1400W +       0W
   Total output power required                     :     655W
   Total power input                               :     338W
   Total power output                              :     286W

Power Group 0:
================================================================================
   Power       Supply      --------Input-------   ----Output----    Status
   Module      Type        Volts A/B   Amps A/B   Volts     Amps
================================================================================
   0/PM0       1.4kW-AC    207.2/0.0   1.6/ 0.0    12.0     23.9    OK

Total of Power Group 0:       338W/  ( 1.6/ 0.0)A     286W/ 23.9A

Power Group 1:
================================================================================
   Power       Supply      --------Input-------   ----Output----    Status
   Module      Type        Volts A/B   Amps A/B   Volts     Amps
================================================================================
   0/PM1       1.4kW-AC    0.0/0.0     0.0/ 0.0    0.0      0.0     Failed

Total of Power Group 1:         0W/  ( 0.0/ 0.0)A       0W/  0.0A
`;
}

export function xrProcessesCpu(): string {
  return `
CPU utilization for one minute: 4%; five minutes: 3%; fifteen minutes: 3%

PID    1Min    5Min    15Min Process
1        0%      0%       0% init
1417     1%      1%       1% bgp
1520     0%      0%       0% ipv4_rib
`;
}

export function xrMemorySummary(): string {
  return `
node:      node0_RP0_CPU0
------------------------------------------------------------------

Physical Memory: 16384M total (10240M available)
 Application Memory : 16384M (10240M available)
 Image: 4M (bootram: 0M)
 Reserved: 0M, IOMem: 0M, flashfsys: 0M
 Total shared window: 211M
`;
}
