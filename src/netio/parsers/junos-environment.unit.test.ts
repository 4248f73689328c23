import { describe, expect, it } from 'vitest';
import { parseJunosEnvironment } from './junos-environment.ts';

// An MX480 with two routing engines, as Junos 21 prints these commands.
const MX_ENVIRONMENT = `Class Item                           Status     Measurement
Temp  PEM 0                          OK         40 degrees C / 104 degrees F
      PEM 1                          Absent
      Routing Engine 0               OK         37 degrees C / 98 degrees F
      Routing Engine 0 CPU           OK         44 degrees C / 111 degrees F
      Routing Engine 1               OK         76 degrees C / 168 degrees F
      CB 0 Intake                    OK         36 degrees C / 96 degrees F
Power PEM 0                          OK
      PEM 1                          Absent
Fans  Top Rear Fan                   OK         Spinning at normal speed
      Bottom Rear Fan                Failed     Spinning at normal speed
      Top Middle Fan                 OK         Spinning at normal speed
`;

const MX_THRESHOLDS = `                           Fan speed      Yellow alarm      Red alarm      Fire Shutdown
                          (degrees C)      (degrees C)     (degrees C)      (degrees C)
Item                     Normal  High   Normal  Bad fan   Normal  Bad fan     Normal
Chassis default              35    45      95       85      105      95        110
Routing Engine 0             70    80      80       75       95      85        102
Routing Engine 1             70    80      72       70       75       75        102
`;

const MX_ENGINES = `Routing Engine status:
  Slot 0:
    Current state                  Master
    Election priority              Master (default)
    Temperature                 37 degrees C / 98 degrees F
    CPU temperature             44 degrees C / 111 degrees F
    DRAM                      16384 MB (16384 MB installed)
    Memory utilization          21 percent
    5 sec CPU utilization:
      User                       3 percent
      Background                 0 percent
      Kernel                     4 percent
      Interrupt                  1 percent
      Idle                      92 percent
    1 min CPU utilization:
      User                       2 percent
      Idle                      95 percent
    Model                          RE-S-2X00x6
    Uptime                         41 days, 3 hours, 2 minutes, 11 seconds
  Slot 1:
    Current state                  Backup
    Election priority              Backup (default)
    DRAM                      16384 MB (16384 MB installed)
    Memory utilization          12 percent
    5 sec CPU utilization:
      User                       0 percent
      Idle                      99 percent
`;

describe("get_environment on Junos, as NAPALM's junos reads its tables", () => {
  it('fans, supplies, sensors against the last thresholds row, each engine, the last engine memory', () => {
    const env = parseJunosEnvironment([MX_ENVIRONMENT, MX_THRESHOLDS, MX_ENGINES]);
    expect(env.fans).toEqual({
      'Top Rear Fan': { status: true },
      'Bottom Rear Fan': { status: false },
      'Top Middle Fan': { status: true },
    });
    expect(env.power).toEqual({
      'PEM 0': { status: true, capacity: -1, output: -1 },
      'PEM 1': { status: false, capacity: -1, output: -1 },
    });
    // The last row is "Routing Engine 1": yellow 72, red 75 — for every sensor, as NAPALM leaves it.
    expect(env.temperature).toEqual({
      'PEM 0': { temperature: 40, is_alert: false, is_critical: false },
      'PEM 1': { temperature: 0, is_alert: false, is_critical: false },
      'Routing Engine 0': { temperature: 37, is_alert: false, is_critical: false },
      'Routing Engine 0 CPU': { temperature: 44, is_alert: false, is_critical: false },
      'Routing Engine 1': { temperature: 76, is_alert: true, is_critical: true },
      'CB 0 Intake': { temperature: 36, is_alert: false, is_critical: false },
    });
    expect(env.cpu).toEqual({ '0': { '%usage': 8 }, '1': { '%usage': 1 } });
    // Slot 1 is read last: 12 % of 16384 MB.
    expect(env.memory).toEqual({ available_ram: 16384, used_ram: 1966 });
  });

  it('one engine without slot lines, its used memory from "Total memory"; no thresholds means no sensors', () => {
    const engine = `Routing Engine status:
    Temperature                 41 degrees C / 105 degrees F
    Total memory              4096 MB Max  1720 MB used ( 42 percent)
      Control plane memory    2624 MB Max  1154 MB used ( 44 percent)
      Data plane memory       1472 MB Max   574 MB used ( 39 percent)
    5 sec CPU utilization:
      User                      11 percent
      Background                 0 percent
      Kernel                     5 percent
      Interrupt                  0 percent
      Idle                      84 percent
`;
    const env = parseJunosEnvironment([
      'Class Item                           Status     Measurement\nTemp  Routing Engine                 OK         41 degrees C / 105 degrees F\n',
      '',
      engine,
    ]);
    expect(env.temperature).toEqual({});
    expect(env.cpu).toEqual({ '0': { '%usage': 16 } });
    expect(env.memory).toEqual({ available_ram: 4096, used_ram: 1720 });
  });

  it('a sensor at its yellow alarm is an alert, not critical', () => {
    const env = parseJunosEnvironment([
      'Class Item                           Status     Measurement\nTemp  FPC 0 Intake                   OK         55 degrees C / 131 degrees F\n',
      'Item                     Normal  High   Normal  Bad fan   Normal  Bad fan     Normal\nFPC 0                        50    60      55       50       70       65         80\n',
      '',
    ]);
    expect(env.temperature['FPC 0 Intake']).toEqual({ temperature: 55, is_alert: true, is_critical: false });
  });
});
