/**
 * netio: talk to network devices over SSH. A library: it imports nothing from webnet's app.
 *
 *   const backupResult = await withDevice(target, (session) => backup(session));
 */
export {
  type ChangeInput,
  type ChangeMethod,
  type CommitMethod,
  commitChange,
  commitMethodOf,
  confirmChange,
  linesToConfig,
  linesToReach,
  linesToSnapshot,
  loadsWhole,
  mergeConfig,
  type Preview,
  previewChange,
  revertChange,
} from './change/index.ts';
export type { Channel } from './channel.ts';
export { dropVolatile, insignificantLines, REDACTED, redact, significantHash } from './clean/index.ts';
export { type Connection, connect, type DeviceTarget, withDevice } from './connect.ts';
export { detectPlatform, detectPlatformOn, GENERIC } from './detect.ts';
export { classifyError, FAILURE_CATEGORIES, type FailureCategory, NetioError } from './errors.ts';
export type * from './models.ts';
export { versionNumber } from './models.ts';
export {
  type Backup,
  type BackupOptions,
  backup,
  type ConfigureResult,
  configure,
  getArpTable,
  getBgpNeighbors,
  getBgpNeighborsDetail,
  getCdpNeighborsDetail,
  getConfig,
  getEnvironment,
  getFacts,
  getInterfaces,
  getInterfacesIp,
  getLldpNeighbors,
  getLldpNeighborsDetail,
  getMacAddressTable,
  getNtpServers,
  getRouteTo,
  getSnmpInformation,
  getUsers,
  getVlans,
  PING_DEFAULTS,
  ping,
  runCommands,
} from './operations.ts';
export { canonicalInterface, napalmMac } from './parsers/names.ts';
export {
  loadPlatformDir,
  type PlatformFileError,
  platformFromText,
} from './platforms/from-file.ts';
export { allPlatforms, PLATFORMS, platformByName, setFilePlatforms } from './platforms/index.ts';
export type { Platform } from './platforms/types.ts';
export { probeSsh, type SshProbe } from './probe.ts';
export { type CommandResult, Session } from './session.ts';
export { fingerprint, openShell, type SshShell, type SshTarget } from './ssh.ts';
export { parse, setTemplateDir, templateLibrary, textfsmPlatform } from './structured.ts';
export { type CastEvent, redactEvents, Transcript, tapChannel } from './transcript.ts';
