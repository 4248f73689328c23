/**
 * A simulated device, platform-neutral: what it is, what it is connected to, its configuration
 * and its faults. Each dialect (./dialects) renders this in its platform's own syntax.
 */
export type LabInterface = {
  name: string;
  description: string;
  /** "10.0.0.1/31", or absent for a switched port. */
  ipv4?: string | undefined;
  mac: string;
  enabled: boolean;
  up: boolean;
  mtu: number;
  speedMbit: number;
};

export type LabNeighbor = {
  localInterface: string;
  remoteHostname: string;
  remoteInterface: string;
  remoteMgmtIp: string;
  remoteChassisId: string;
  remoteDescription: string;
  remotePlatform: string;
};

export type Faults = {
  /** Every password is wrong (authentication fails). */
  wrongPassword?: boolean;
  /** Output trickles: this many milliseconds between chunks of 512 bytes. */
  slowOutputMs?: number;
  /** The connection drops after this many bytes of one command's output. */
  dropAfterBytes?: number;
  /** Authentication succeeds, then nothing is ever sent. */
  hangAfterLogin?: boolean;
  /** The listener is closed: connections are refused. */
  refuseConnections?: boolean;
  /** The device presents a different host key than before. */
  changedHostKey?: boolean;
  /**
   * The next configuration change cuts management: the session drops and SSH stops answering
   * until the device's confirm timer reverts the change, or for this many milliseconds at most
   * (someone restores the link by hand).
   */
  cutManagementOnCommitMs?: number;
  /**
   * The next configuration change takes this interface's link down (a check after the commit
   * fails) until the running configuration is again what it was before that change.
   */
  linkDownOnCommit?: string;
  /** The login succeeds, then the device refuses a shell (an account for file transfer only). */
  refuseShell?: boolean;
  /** These commands are answered with nothing but the prompt, as some emulators answer. */
  silentCommands?: string[];
};

export type LabDevice = {
  hostname: string;
  /** How it is reached: SSH (default), or telnet only (a login at "Username:"/"Password:"). */
  transport?: 'ssh' | 'telnet';
  /** A netio platform name; selects the dialect. */
  platform: string;
  /** Its SSH host key (OpenSSH PEM); a new one each start when unset. */
  hostKey?: string;
  address: string;
  port: number;
  username: string;
  password: string;
  secret: string;
  model: string;
  serial: string;
  version: string;
  bootedAt: number;
  /** When the running configuration last changed (shown in IOS and XR config headers). */
  changedAt: number;
  chassisMac: string;
  interfaces: LabInterface[];
  neighbors: LabNeighbor[];
  /** The running configuration, in the dialect's own text form. */
  running: string[];
  /** Saved configuration (write memory / commit). */
  startup: string[];
  faults: Faults;
  /** An OpenSSH public key ("ssh-ed25519 AAAA…") that may log in instead of the password. */
  authorizedKey?: string;
  /** Management is cut until this time (ms since the epoch); see Faults.cutManagementOnCommitMs. */
  managementDownUntil?: number;
  /** The link the linkDownOnCommit fault took down, and the configuration that brings it back. */
  linkDown?: { name: string; untilRunning: string } | undefined;
  /** An old device: only SHA-1 key exchange and CBC ciphers (clients must opt in to them). */
  legacyOnly?: boolean;
};
