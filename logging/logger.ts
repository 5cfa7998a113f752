import pino, { type Logger } from 'pino';
import type { Config } from '../config/env';

export type { Logger };

/**
 * Paths that could carry personal data if someone ever logs a request body or a case input.
 * Handover never logs them on purpose; redaction is the safety net, not the mechanism.
 */
const PERSONAL_DATA_PATHS = [
  'person',
  '*.person',
  '*.*.person',
  'body',
  'req.body',
  'input',
  '*.input',
  'fullName',
  '*.fullName',
  'birthDate',
  '*.birthDate',
  'documents',
  '*.documents',
  'req.headers.authorization',
  'headers.authorization',
];

export function createLogger(config: Pick<Config, 'HANDOVER_LOG_LEVEL' | 'HANDOVER_LOG_PRETTY'>, name = 'handover'): Logger {
  const pretty =
    config.HANDOVER_LOG_PRETTY === 'true' || (config.HANDOVER_LOG_PRETTY === 'auto' && process.stdout.isTTY === true);
  return pino({
    name,
    level: config.HANDOVER_LOG_LEVEL,
    redact: { paths: PERSONAL_DATA_PATHS, censor: '[redacted]' },
    transport: pretty
      ? { target: 'pino-pretty', options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' } }
      : undefined,
  });
}
