import { z } from 'zod';
import { pageQuery } from '../../platform/http/schemas.ts';

/**
 * The terminal socket's JSON messages, browser to server: keystrokes (or a paste) and the
 * window's size. Keystrokes may also come as binary frames (UTF-8), which the browser sends.
 */
export const terminalClientMessage = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('input'), data: z.string().max(64 * 1024) }),
  z.strictObject({
    type: z.literal('resize'),
    cols: z.number().int().min(10).max(1000),
    rows: z.number().int().min(2).max(500),
  }),
]);
export type TerminalClientMessage = z.infer<typeof terminalClientMessage>;

/**
 * Server to browser, as JSON text frames: the session's state with a sentence for the person
 * ("the device closed the connection", "closed after 15 minutes without a keystroke"). The
 * device's output comes as binary frames, its UTF-8 bytes as they are.
 */
export const terminalServerMessage = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('status'),
    state: z.enum(['connecting', 'connected', 'closed']),
    message: z.string(),
    /** The recording this session is kept as. */
    sessionId: z.uuid().optional(),
    recordsInput: z.boolean().optional(),
  }),
]);
export type TerminalServerMessage = z.infer<typeof terminalServerMessage>;

/** Close codes past 4000 are the application's own (RFC 6455); the status message says the same in words. */
export const TERMINAL_CLOSE = {
  deviceClosed: 4000,
  idle: 4001,
  connectFailed: 4002,
  limit: 4029,
  shutdown: 4003,
} as const;

export const terminalQuery = z.object({
  cols: z.coerce.number().int().min(10).max(1000).default(80),
  rows: z.coerce.number().int().min(2).max(500).default(24),
});

export const terminalSessionOut = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  deviceId: z.uuid(),
  hostname: z.string(),
  userId: z.uuid().nullable(),
  username: z.string(),
  startedAt: z.date(),
  endedAt: z.date().nullable(),
  endReason: z.string().nullable(),
  recordsInput: z.boolean(),
  size: z.number().int().describe('bytes of the recording as asciicast text'),
  storedSize: z.number().int().describe('bytes stored (compressed)'),
});

export const terminalSessionQuery = z.strictObject({
  customerId: z.uuid().optional(),
  deviceId: z.uuid().optional(),
  userId: z.uuid().optional(),
  /** A user name or host name, or the start of one. */
  q: z.string().max(200).optional(),
  ...pageQuery,
});
