import net from 'node:net';
import ssh2 from 'ssh2';

// ssh2 is CommonJS: its classes come off the default export under Node's ESM loader.
const { Server, utils } = ssh2;
type Server = InstanceType<typeof Server>;

import { dialectOf } from './dialects/index.ts';
import { managementDown } from './dialects/management.ts';
import type { Faults, LabDevice } from './model.ts';
import { runExec, runShell } from './shell.ts';

/**
 * A new ed25519 host key (OpenSSH PEM). Each device builds its ssh2 Server once, which parses the
 * key once: parsing per handshake (a Server per connection) roughly halves the lab's handshake rate.
 */
export function generateHostKey(): string {
  return generateKeyPair().private;
}

/** An ed25519 key pair (OpenSSH format) that ssh2 can parse again. */
export function generateKeyPair(): { private: string; public: string } {
  // ssh2's generator writes a key its own parser rejects about once in 500: draw again then.
  for (;;) {
    const pair = utils.generateKeyPairSync('ed25519');
    if (!(utils.parseKey(pair.private) instanceof Error)) return pair;
  }
}

type Hosted = {
  device: LabDevice;
  /** Its own listener; null when refusing, or when the lab shares one listener per port. */
  listener: net.Server | null;
  /** A second host key, drawn when the changed-host-key fault is first used. */
  changedKey: string | null;
  sockets: Set<net.Socket>;
};

const LEGACY_ONLY = {
  kex: ['diffie-hellman-group14-sha1', 'diffie-hellman-group1-sha1'],
  cipher: ['aes128-cbc', '3des-cbc'],
  hmac: ['hmac-sha1'],
} as const;

/** Whether `ctx` offers (and, with a signature, proves) the device's authorized key. */
function keyAccepted(device: LabDevice, ctx: ssh2.PublicKeyAuthContext): boolean {
  if (!device.authorizedKey) return false;
  const allowed = utils.parseKey(device.authorizedKey);
  if (allowed instanceof Error) return false;
  const key = Array.isArray(allowed) ? allowed[0]! : allowed;
  if (ctx.key.algo !== key.type || !ctx.key.data.equals(key.getPublicSSH())) return false;
  return !ctx.signature || key.verify(ctx.blob!, ctx.signature, ctx.hashAlgo) === true;
}

function sshServer(device: LabDevice, key: string): Server {
  const dialect = dialectOf(device.platform);
  const config: ssh2.ServerConfig = { hostKeys: [key], ident: 'webnet_lab' };
  if (device.legacyOnly)
    config.algorithms = {
      kex: [...LEGACY_ONLY.kex],
      cipher: [...LEGACY_ONLY.cipher],
      hmac: [...LEGACY_ONLY.hmac],
    };
  return new Server(config, (client) => {
    client.on('error', () => undefined);
    client.on('authentication', (ctx) => {
      const ok = !device.faults.wrongPassword && ctx.username === device.username;
      if (ctx.method === 'publickey' && ok && keyAccepted(device, ctx)) return ctx.accept();
      if (ctx.method === 'password' && ok && ctx.password === device.password) return ctx.accept();
      if (ctx.method === 'keyboard-interactive' && ok) {
        return ctx.prompt([{ prompt: 'Password: ', echo: false }], (answers) =>
          answers[0] === device.password ? ctx.accept() : ctx.reject(),
        );
      }
      ctx.reject(
        device.authorizedKey
          ? ['publickey', 'password', 'keyboard-interactive']
          : ['password', 'keyboard-interactive'],
      );
    });
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('pty', (accept) => accept?.());
        session.on('window-change', (accept) => accept?.());
        session.on('shell', (accept, reject) => {
          if (device.faults.refuseShell) return reject();
          runShell(accept(), device, dialect, () => client.end());
        });
        session.on('exec', (accept, _reject, info) => {
          const stream = accept();
          const scp = /^scp -f (\S+)$/.exec(info.command);
          if (scp) return serveScp(stream, scp[1]!, runExec(device, dialect, `cat ${scp[1]}`));
          stream.write(runExec(device, dialect, info.command));
          stream.exit(0);
          stream.end();
        });
      });
    });
  });
}

/**
 * The source side of SCP for one file: its text is what "cat" prints on the device. Each step
 * waits for the client's NUL, as an SCP server does.
 */
function serveScp(
  stream: {
    write: (d: string | Buffer) => unknown;
    on: (e: 'data', l: (d: Buffer) => void) => unknown;
    exit: (c: number) => unknown;
    end: () => unknown;
  },
  path: string,
  text: string,
): void {
  const missing = /No such file or directory/.test(text);
  const body = Buffer.from(text, 'utf8');
  const steps = missing
    ? [() => stream.write(`\x01scp: ${path}: No such file or directory\n`)]
    : [
        () => stream.write(`C0644 ${body.length} ${path.split('/').pop()}\n`),
        () => stream.write(Buffer.concat([body, Buffer.from([0])])),
      ];
  let at = 0;
  stream.on('data', () => {
    const next = steps[at++];
    if (next) next();
    if (!next || at === steps.length + (missing ? 0 : 1)) {
      stream.exit(missing ? 1 : 0);
      stream.end();
    }
  });
}

/** More than the connections a bench keeps open at once, so a busy lab rarely rebuilds one. */
const SERVERS_KEPT = 4096;

export type LabStartOptions = {
  /**
   * One listening socket per port on every address (0.0.0.0), the device chosen by the address
   * the client dialled, instead of one socket per device. A process may hold only so many open
   * files (often 20,000 or fewer), so a lab larger than that needs this. A refusing device then
   * resets the connection instead of refusing it, and the lab answers on every local address.
   */
  sharedListener?: boolean;
};

/** Many simulated devices in one process, each at its own address and port. */
export class Lab {
  private readonly hosted = new Map<string, Hosted>();
  /** Shared mode: each device by the "address:port" it answers on, and one listener per port. */
  private readonly byEndpoint = new Map<string, Hosted>();
  private readonly portListeners = new Map<number, { server: net.Server; port: Promise<number> }>();

  private readonly options: LabStartOptions;
  /** ssh2 Servers by host key, least recently used first. */
  private readonly servers = new Map<string, Server>();

  private constructor(options: LabStartOptions) {
    this.options = options;
  }

  static async start(devices: LabDevice[], options: LabStartOptions = {}): Promise<Lab> {
    const lab = new Lab(options);
    // Listeners open in parallel batches: thousands of devices start in a second or two.
    for (let i = 0; i < devices.length; i += 256)
      await Promise.all(devices.slice(i, i + 256).map((d) => lab.host(d)));
    return lab;
  }

  get devices(): LabDevice[] {
    return [...this.hosted.values()].map((h) => h.device);
  }

  device(hostname: string): LabDevice {
    const h = this.hosted.get(hostname);
    if (!h) throw new Error(`no lab device ${hostname}`);
    return h.device;
  }

  private async host(device: LabDevice): Promise<void> {
    const hosted: Hosted = {
      device,
      sockets: new Set(),
      changedKey: null,
      listener: null,
    };
    this.hosted.set(device.hostname, hosted);
    if (this.options.sharedListener) {
      device.port = await this.portListener(device.port);
      this.byEndpoint.set(`${device.address}:${device.port}`, hosted);
    } else if (!device.faults.refuseConnections) await this.listenFor(hosted);
  }

  /** Shared mode: the listener of `port` (port 0: the one the OS gave the first such device). */
  private portListener(port: number): Promise<number> {
    const key = port === 0 ? -1 : port;
    let entry = this.portListeners.get(key);
    if (!entry) {
      const server = net.createServer();
      server.on('connection', (socket) => {
        const hosted = this.byEndpoint.get(`${socket.localAddress}:${socket.localPort}`);
        if (!hosted || hosted.device.faults.refuseConnections) socket.destroy();
        else this.accept(hosted, socket);
      });
      entry = { server, port: listen(server, '0.0.0.0', port) };
      this.portListeners.set(key, entry);
    }
    return entry.port;
  }

  private async listenFor(hosted: Hosted): Promise<void> {
    const listener = net.createServer();
    listener.on('connection', (socket) => this.accept(hosted, socket));
    hosted.listener = listener;
    // Port 0 asks the OS for a free one: record what was given.
    hosted.device.port = await listen(listener, hosted.device.address, hosted.device.port);
  }

  private accept(hosted: Hosted, socket: net.Socket): void {
    if (managementDown(hosted.device)) {
      socket.destroy();
      return;
    }
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    hosted.sockets.add(socket);
    socket.once('close', () => hosted.sockets.delete(socket));
    const { device } = hosted;
    if (device.transport === 'telnet') {
      telnetLogin(socket, device);
      return;
    }
    // Keys are drawn on the first connection and kept, so a device shows the same host key every
    // time and a 100,000-device lab starts without drawing 100,000 key pairs.
    device.hostKey ??= generateHostKey();
    if (device.faults.changedHostKey) hosted.changedKey ??= generateHostKey();
    const key = device.faults.changedHostKey ? hosted.changedKey! : device.hostKey;
    this.serverFor(device, key).injectSocket(socket);
  }

  /**
   * The ssh2 Server of a device and key. Building one parses its key, so servers are kept for
   * reuse (parsing per handshake roughly halves the lab's handshake rate); but one per device
   * of a 100,000-device lab would hold gigabytes, so only the most recently used are kept.
   */
  private serverFor(device: LabDevice, key: string): Server {
    // A key belongs to one device, so it names the server.
    let server = this.servers.get(key);
    if (server) this.servers.delete(key);
    else server = sshServer(device, key);
    this.servers.set(key, server);
    if (this.servers.size > SERVERS_KEPT) this.servers.delete(this.servers.keys().next().value!);
    return server;
  }

  /** Changes a device's faults; refusing connections closes its listener, clearing that reopens it. */
  async setFaults(hostname: string, faults: Faults): Promise<void> {
    const hosted = this.hosted.get(hostname);
    if (!hosted) throw new Error(`no lab device ${hostname}`);
    const wasRefusing = hosted.device.faults.refuseConnections;
    hosted.device.faults = faults;
    if (faults.refuseConnections && !wasRefusing) {
      // Stop accepting at once and cut what is connected: a device that went away.
      hosted.listener?.close();
      hosted.listener = null;
      for (const socket of hosted.sockets) socket.destroy();
    } else if (!faults.refuseConnections && wasRefusing && !this.options.sharedListener) {
      await this.listenFor(hosted);
    }
  }

  async stop(): Promise<void> {
    for (const { server } of this.portListeners.values()) server.close();
    for (const h of this.hosted.values()) {
      if (h.listener?.listening) h.listener.close();
      for (const socket of h.sockets) socket.destroy();
    }
  }
}

function listen(server: net.Server, host: string, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port, backlog: 1024 }, () => {
      server.removeListener('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

/** Telnet option bytes the lab sends and strips: IAC and its two- and three-byte commands. */
function withoutTelnetCommands(chunk: Buffer): Buffer {
  const out: number[] = [];
  for (let i = 0; i < chunk.length; i++) {
    const b = chunk[i]!;
    if (b !== 255) out.push(b);
    else if (chunk[i + 1] === 255) {
      // An escaped 255 is one data byte.
      out.push(255);
      i += 1;
    } else i += (chunk[i + 1] ?? 0) >= 251 ? 2 : 1;
  }
  return Buffer.from(out);
}

/**
 * A telnet device: it offers to echo and suppress go-ahead, as Cisco's do, asks for the username
 * and password (the wrong-password fault refuses every login), then runs the same CLI as SSH.
 */
function telnetLogin(socket: net.Socket, device: LabDevice): void {
  const dialect = dialectOf(device.platform);
  socket.write(Buffer.from([255, 251, 1, 255, 251, 3]));
  socket.write('\r\nUser Access Verification\r\n\r\nUsername: ');
  let stage: 'user' | 'password' | 'shell' = 'user';
  let pending = '';
  let user = '';
  const shellListeners: ((chunk: Buffer) => void)[] = [];
  socket.on('data', (raw: Buffer) => {
    const chunk = withoutTelnetCommands(raw);
    if (stage === 'shell') {
      for (const l of shellListeners) l(chunk);
      return;
    }
    pending += chunk.toString('utf8');
    for (let nl = pending.search(/[\r\n]/); nl !== -1; nl = pending.search(/[\r\n]/)) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + (pending[nl] === '\r' && pending[nl + 1] === '\n' ? 2 : 1));
      if (stage === 'user') {
        user = line;
        stage = 'password';
        socket.write('\r\nPassword: ');
      } else if (stage === 'password') {
        if (user === device.username && line === device.password && !device.faults.wrongPassword) {
          stage = 'shell';
          socket.write('\r\n');
          runShell(
            {
              write: (data) => socket.write(data),
              on: (_event, listener) => shellListeners.push(listener),
              end: () => socket.end(),
              destroy: () => socket.destroy(),
            },
            device,
            dialect,
            () => socket.end(),
          );
          return;
        }
        stage = 'user';
        socket.write('\r\n% Login invalid\r\n\r\nUsername: ');
      }
    }
  });
}
