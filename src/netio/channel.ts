/**
 * A byte stream to a device's command line. The SSH shell channel is one; a recorded session
 * replayed in tests is another, so the session logic is tested against real device output.
 */
export interface Channel {
  write(data: string): void;
  /** The single listener for what the device sends, decoded as UTF-8. */
  onData(listener: (chunk: string) => void): void;
  /** Called once when the stream ends; with an error when it broke. */
  onClose(listener: (err?: Error) => void): void;
  close(): void;
  /** Tells the device the terminal's new size (an SSH pty's window-change); absent over telnet. */
  resize?(cols: number, rows: number): void;
}
