import net from 'node:net';
import ssh2 from 'ssh2';

// ssh2 is CommonJS: its classes come off the default export under Node's ESM loader.
const { Server, utils } = ssh2;
type Server = InstanceType<typeof Server>;

import { dialectOf } from './dialects/index.ts';
import type { Faults, LabDevice } from './model.ts';
import { runShell } from './shell.ts';

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
  listener: net.Server;
  servers: { current: Server; changed: Server | null };
  key: string;
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
  const config: ssh2.ServerConfig = { hostKeys: [key], ident: 'SSH-2.0-webnet_lab' };
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
        session.on('shell', (accept) => {
          runShell(accept(), device, dialect, () => client.end());
        });
      });
    });
  });
}

export type LabOptions = { devices: LabDevice[] };

/** Many simulated devices in one process, each listening on its own address and port. */
export class Lab {
  private readonly hosted = new Map<string, Hosted>();

  static async start(devices: LabDevice[]): Promise<Lab> {
    const lab = new Lab();
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
    const key = device.hostKey ?? generateHostKey();
    const hosted: Hosted = {
      device,
      key,
      sockets: new Set(),
      servers: { current: sshServer(device, key), changed: null },
      listener: net.createServer(),
    };
    hosted.listener.on('connection', (socket) => this.accept(hosted, socket));
    this.hosted.set(device.hostname, hosted);
    if (!device.faults.refuseConnections) await listen(hosted.listener, device);
  }

  private accept(hosted: Hosted, socket: net.Socket): void {
    socket.setNoDelay(true);
    socket.on('error', () => undefined);
    hosted.sockets.add(socket);
    socket.once('close', () => hosted.sockets.delete(socket));
    const { faults } = hosted.device;
    if (faults.changedHostKey) {
      hosted.servers.changed ??= sshServer(hosted.device, generateHostKey());
      hosted.servers.changed.injectSocket(socket);
    } else hosted.servers.current.injectSocket(socket);
  }

  /** Changes a device's faults; refusing connections closes its listener, clearing that reopens it. */
  async setFaults(hostname: string, faults: Faults): Promise<void> {
    const hosted = this.hosted.get(hostname);
    if (!hosted) throw new Error(`no lab device ${hostname}`);
    const wasRefusing = hosted.device.faults.refuseConnections;
    hosted.device.faults = faults;
    if (faults.refuseConnections && !wasRefusing) {
      // Stop accepting at once and cut what is connected: a device that went away.
      hosted.listener.close();
      for (const socket of hosted.sockets) socket.destroy();
    } else if (!faults.refuseConnections && wasRefusing) {
      hosted.listener = net.createServer();
      hosted.listener.on('connection', (socket) => this.accept(hosted, socket));
      await listen(hosted.listener, hosted.device);
    }
  }

  async stop(): Promise<void> {
    await Promise.all(
      [...this.hosted.values()].map(async (h) => {
        if (h.listener.listening) h.listener.close();
        for (const socket of h.sockets) socket.destroy();
      }),
    );
  }
}

function listen(server: net.Server, device: LabDevice): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: device.address, port: device.port, backlog: 1024 }, () => {
      server.removeListener('error', reject);
      // Port 0 asks the OS for a free one: record what was given.
      device.port = (server.address() as net.AddressInfo).port;
      resolve();
    });
  });
}
