/**
 * Telnet (RFC 854) for the devices that speak nothing else: a TCP stream with in-band option
 * negotiation, the login typed at "Username:" and "Password:" prompts. Written by hand because it
 * is small (the negotiation here only declines, and lets the device echo) and the npm clients
 * bring their own prompt logic, which webnet's session already has. Everything after the login
 * goes through the same session engine as SSH: prompts, pagers, modes.
 */
import type net from 'node:net';
import type { Channel } from './channel.ts';
import { classifyError, NetioError } from './errors.ts';
import { dial, type SshShell, type SshTarget } from './ssh.ts';

const IAC = 255;
const DONT = 254;
const DO = 253;
const WONT = 252;
const WILL = 251;
const SB = 250;
const SE = 240;
const ECHO = 1;
const SUPPRESS_GO_AHEAD = 3;

/**
 * Splits what the device sent into text and the answers its option requests need: the device
 * may echo and suppress go-ahead (what every CLI does); anything else is declined, and nothing is
 * offered from this side. A command cut between two chunks waits for the next one.
 */
export class TelnetDecoder {
  private rest: Buffer = Buffer.alloc(0);

  decode(chunk: Buffer): { text: string; reply: Buffer } {
    const data = this.rest.length ? Buffer.concat([this.rest, chunk]) : chunk;
    this.rest = Buffer.alloc(0);
    const text: number[] = [];
    const reply: number[] = [];
    let i = 0;
    while (i < data.length) {
      const b = data[i]!;
      if (b !== IAC) {
        text.push(b);
        i++;
        continue;
      }
      if (i + 1 >= data.length) break;
      const cmd = data[i + 1]!;
      if (cmd === IAC) {
        text.push(IAC);
        i += 2;
      } else if (cmd === WILL || cmd === WONT || cmd === DO || cmd === DONT) {
        if (i + 2 >= data.length) break;
        const option = data[i + 2]!;
        if (cmd === WILL)
          reply.push(IAC, option === ECHO || option === SUPPRESS_GO_AHEAD ? DO : DONT, option);
        else if (cmd === DO) reply.push(IAC, WONT, option);
        i += 3;
      } else if (cmd === SB) {
        const end = data.indexOf(Buffer.from([IAC, SE]), i + 2);
        if (end === -1) break;
        i = end + 2;
      } else i += 2;
    }
    if (i < data.length) this.rest = data.subarray(i);
    return { text: Buffer.from(text).toString('utf8'), reply: Buffer.from(reply) };
  }
}

const USERNAME = /(?:user ?name|login)\s*:\s*$/i;
const PASSWORD = /password\s*:\s*$/i;
const REFUSED = /(?:login invalid|login incorrect|authentication failed|access denied|bad passwords?)/i;

/**
 * Connects over telnet, logs in at the device's prompts and hands over the stream at the first
 * line that is neither (the session finds the prompt there). A device that asks again, or says
 * the login was refused, is an authentication failure.
 */
export async function openTelnet(target: SshTarget): Promise<SshShell> {
  const timeoutMs = target.connectTimeoutMs ?? 15_000;
  const socket = await dial(target.host, target.port ?? 23, timeoutMs, target.signal);
  const decoder = new TelnetDecoder();
  let listener: ((chunk: string) => void) | null = null;
  let closed = false;
  const write = (s: net.Socket, data: string) => {
    // NVT line ends are CR LF.
    if (!closed) s.write(data.replace(/\r?\n/g, '\r\n'));
  };
  const channel: Channel = {
    write: (data) => write(socket, data),
    onData: (l) => {
      listener = l;
    },
    onClose: (l) => {
      socket.once('close', () => l());
      socket.once('error', (e) => l(classifyError(e)));
    },
    close: () => {
      if (closed) return;
      closed = true;
      socket.end();
      socket.destroy();
    },
  };
  return new Promise<SshShell>((resolve, reject) => {
    let seen = '';
    let stage: 'login' | 'password' | 'after' | 'open' = 'login';
    let answered = 0;
    const fail = (err: Error) => {
      if (stage === 'open') return;
      clearTimeout(timer);
      stage = 'open';
      channel.close();
      reject(err);
    };
    const timer = setTimeout(
      () =>
        fail(new NetioError('timeout', `no telnet login prompt from ${target.host} within ${timeoutMs} ms`)),
      timeoutMs,
    );
    socket.on('error', (err) => fail(classifyError(err)));
    socket.on('close', () =>
      fail(new NetioError('reset', 'the device closed the telnet connection at login')),
    );
    socket.on('data', (chunk: Buffer) => {
      const { text, reply } = decoder.decode(chunk);
      if (reply.length) socket.write(reply);
      if (stage === 'open') {
        listener?.(text);
        return;
      }
      seen += text;
      const last = seen.slice(seen.lastIndexOf('\n') + 1);
      if (REFUSED.test(seen) || answered > 3)
        return fail(new NetioError('auth', 'authentication failed (telnet)'));
      if (USERNAME.test(last)) {
        if (stage !== 'login') return fail(new NetioError('auth', 'authentication failed (telnet)'));
        seen = '';
        answered++;
        stage = 'password';
        write(socket, `${target.username}\n`);
      } else if (PASSWORD.test(last)) {
        if (stage === 'after') return fail(new NetioError('auth', 'authentication failed (telnet)'));
        seen = '';
        answered++;
        stage = 'after';
        write(socket, `${target.password ?? ''}\n`);
      } else if (stage === 'after' && /[>#$%\]]\s*$/.test(last)) {
        // Past the password, a line ending as prompts end: the session takes over from here.
        clearTimeout(timer);
        stage = 'open';
        socket.removeAllListeners('close');
        socket.removeAllListeners('error');
        resolve({ channel, hostKey: '', close: channel.close });
        // The prompt arrives once the session listens.
        setImmediate(() => listener?.(seen));
      }
    });
  });
}
