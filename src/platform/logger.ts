import pino from 'pino';

/**
 * Paths pino blanks in every log line. Request logging never includes bodies, but
 * headers and any object a handler logs may carry secrets.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.enableSecret',
  '*.privateKey',
  '*.token',
  '*.refreshToken',
  '*.apiKey',
  '*.secret',
  'password',
  'enableSecret',
  'privateKey',
];

export type Logger = pino.Logger;

export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino({ level, redact: { paths: REDACT_PATHS, censor: '[redacted]' } }, destination);
}
