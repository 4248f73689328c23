import { FitAddon } from '@xterm/addon-fit';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Schema } from '../../api/client';
import { Button, cx } from '../../ui/kit';

// The socket's messages are the server's zod schemas (published in its OpenAPI document).
type ServerMessage = Schema<'TerminalServerMessage'>;
type ClientMessage = Schema<'TerminalClientMessage'>;
type Status = { state: 'connecting' | 'connected' | 'closed'; message: string; sessionId?: string };

/** A paste larger than one socket message goes in pieces. */
const CHUNK = 16 * 1024;

/**
 * An SSH terminal to the device in the page: xterm.js on a WebSocket to webnet, which logs in
 * with the device's stored credential (the person never sees it) and records the session. The
 * pty follows the pane's size; Ctrl+Shift+C / Ctrl+Shift+V copy and paste (Ctrl+C goes to the
 * device, as in any terminal).
 */
export function TerminalPane({ deviceId, fullPage }: { deviceId: string; fullPage?: boolean }) {
  const host = useRef<HTMLDivElement>(null);
  const [status, setStatus] = useState<Status>({ state: 'connecting', message: 'connecting…' });
  const [attempt, setAttempt] = useState(0);
  const disconnect = useRef<() => void>(() => {});

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` reconnects on purpose
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const term = new Terminal({
      cursorBlink: true,
      convertEol: false,
      fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
      fontSize: 13,
      scrollback: 5000,
    });
    const fit = new FitAddon();
    term.loadAddon(fit);
    term.open(el);
    fit.fit();
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const socket = new WebSocket(
      `${scheme}://${location.host}/ws/devices/${deviceId}/terminal?cols=${term.cols}&rows=${term.rows}`,
    );
    socket.binaryType = 'arraybuffer';
    const send = (m: ClientMessage) => {
      if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(m));
    };
    // Keystrokes go as binary frames (UTF-8), nothing for the server to parse per key. What is
    // typed while the socket opens is sent once it is open (the server keeps it until the device
    // is logged in): type-ahead, as at any terminal.
    const encoder = new TextEncoder();
    let ahead = '';
    const input = (data: string) => {
      if (socket.readyState === WebSocket.CONNECTING) {
        ahead += data;
        return;
      }
      if (socket.readyState !== WebSocket.OPEN) return;
      for (let at = 0; at < data.length; at += CHUNK) socket.send(encoder.encode(data.slice(at, at + CHUNK)));
    };
    setStatus({ state: 'connecting', message: 'connecting…' });
    let opened = false;
    let byUser = false;
    socket.onopen = () => {
      opened = true;
      if (ahead) input(ahead);
      ahead = '';
    };
    socket.onmessage = (e) => {
      // The device's output: binary frames, which xterm.js decodes as UTF-8 itself.
      if (e.data instanceof ArrayBuffer) {
        term.write(new Uint8Array(e.data));
        return;
      }
      const m = JSON.parse(String(e.data)) as ServerMessage;
      setStatus((s) => ({ state: m.state, message: m.message, sessionId: m.sessionId ?? s.sessionId }));
    };
    // The server says why it closed in a status message; without one, say what can be known.
    socket.onclose = (e) =>
      setStatus((s) =>
        s.state === 'closed'
          ? s
          : {
              ...s,
              state: 'closed',
              message: byUser
                ? 'closed by the user'
                : !opened
                  ? 'the terminal could not be opened (it needs the operator role on this device)'
                  : e.reason || 'the connection to webnet was lost',
            },
      );
    disconnect.current = () => {
      byUser = true;
      socket.close(1000);
    };
    const typed = term.onData(input);
    const resized = term.onResize(({ cols, rows }) => send({ type: 'resize', cols, rows }));
    term.attachCustomKeyEventHandler((e) => {
      if (e.type !== 'keydown' || !e.ctrlKey || !e.shiftKey) return true;
      if (e.code === 'KeyC' && term.hasSelection()) {
        void navigator.clipboard?.writeText(term.getSelection());
        return false;
      }
      if (e.code === 'KeyV') {
        void navigator.clipboard?.readText().then(input);
        return false;
      }
      return true;
    });
    const observer = new ResizeObserver(() => fit.fit());
    observer.observe(el);
    term.focus();
    return () => {
      observer.disconnect();
      typed.dispose();
      resized.dispose();
      socket.close();
      term.dispose();
    };
  }, [deviceId, attempt]);

  return (
    <div className={cx('flex flex-col gap-2', fullPage && 'h-[calc(100vh-9rem)]')}>
      <div className="flex flex-wrap items-center gap-2 text-sm">
        <span
          role="status"
          data-testid="terminal-status"
          className={cx(
            status.state === 'connected' && 'text-green-700 dark:text-green-400',
            status.state === 'closed' && 'text-red-700 dark:text-red-400',
          )}
        >
          {status.state === 'closed' ? `Closed: ${status.message}` : status.message}
        </span>
        <span className="ml-auto flex gap-2">
          {status.state === 'closed' ? (
            <>
              {status.sessionId && (
                <Link
                  className="text-sky-700 hover:underline dark:text-sky-400"
                  to={`/recordings/${status.sessionId}`}
                >
                  Replay the recording
                </Link>
              )}
              <Button onClick={() => setAttempt((n) => n + 1)}>Reconnect</Button>
            </>
          ) : (
            <Button onClick={() => disconnect.current()}>Disconnect</Button>
          )}
          {!fullPage && (
            <Link
              className="rounded px-3 py-1.5 text-sm hover:bg-slate-200 dark:hover:bg-slate-800"
              to={`/devices/${deviceId}/terminal`}
            >
              Full page
            </Link>
          )}
        </span>
      </div>
      <div
        ref={host}
        data-testid="terminal"
        className={cx('min-h-0 rounded bg-black p-1', fullPage ? 'flex-1' : 'h-[28rem]')}
      />
      <p className="text-xs text-slate-500">
        Ctrl+Shift+C copies the selection, Ctrl+Shift+V pastes. The session is recorded.
      </p>
    </div>
  );
}
