import type { LabDevice } from '../model.ts';

/**
 * Junos chassis health as "show chassis environment", "show chassis temperature-thresholds" and
 * "show chassis routing-engine" print it: two routing engines, a failed fan, an absent supply,
 * and the backup engine past its yellow alarm, so every branch of get_environment is exercised.
 */
export function junosEnvironment(): string {
  return `Class Item                           Status     Measurement
Temp  PEM 0                          OK         31 degrees C / 87 degrees F
      PEM 1                          Absent
      Routing Engine 0               OK         38 degrees C / 100 degrees F
      Routing Engine 1               OK         73 degrees C / 163 degrees F
Power PEM 0                          OK
      PEM 1                          Absent
Fans  Fan Tray 0 Fan 1               OK         Spinning at normal speed
      Fan Tray 0 Fan 2               Failed     Spinning at high speed
`;
}

export function junosTemperatureThresholds(): string {
  return `                           Fan speed      Yellow alarm      Red alarm      Fire Shutdown
                          (degrees C)      (degrees C)     (degrees C)      (degrees C)
Item                     Normal  High   Normal  Bad fan   Normal  Bad fan     Normal
Chassis default              35    45      60       50       75       65        100
Routing Engine 0             55    65      70       60       85       75        100
Routing Engine 1             55    65      70       60       85       75        100
`;
}

export function junosRoutingEngines(d: LabDevice): string {
  const engine = (slot: number, state: string, idle: number, used: number) => `  Slot ${slot}:
    Current state                  ${state}
    Election priority              ${state} (default)
    DRAM                      8192 MB (8192 MB installed)
    Memory utilization          ${used} percent
    5 sec CPU utilization:
      User                       ${98 - idle} percent
      Background                 0 percent
      Kernel                     2 percent
      Interrupt                  0 percent
      Idle                      ${idle} percent
    Model                          RE-S-1800x4
    Serial ID                      ${d.serial}${slot}
`;
  return `Routing Engine status:\n${engine(0, 'Master', 91, 27)}${engine(1, 'Backup', 97, 14)}`;
}
