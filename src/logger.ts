/**
 * One pino logger for the process. Personal data never goes into logs: request bodies are
 * not logged and the usual carriers of personal data are redacted as a second line of
 * defence.
 */
import pino, { type Logger } from 'pino';

export type { Logger };

export const REDACTED_PATHS = [
  'req.headers.authorization',
  '*.bsn',
  '*.naam',
  '*.geboortedatum',
  '*.text',
  '*.notes',
  '*.password',
];

export function createLogger(options: { level: string; name?: string }): Logger {
  return pino({
    name: options.name ?? 'inburgering',
    level: options.level,
    redact: { paths: REDACTED_PATHS, censor: '[verwijderd]' },
  });
}
