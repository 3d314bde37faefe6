import pino from 'pino';
import type { Logger } from '../../app/ports.js';

/** Structured JSON lines in a log file (the terminal is for the progress view). */
export function createPinoLogger(filePath: string, level: string): Logger {
  if (level === 'silent') return silentLogger;
  const logger = pino({ level, base: undefined }, pino.destination({ dest: filePath, mkdir: true, sync: true }));
  return {
    info: (fields, message) => logger.info(fields, message),
    warn: (fields, message) => logger.warn(fields, message),
    error: (fields, message) => logger.error(fields, message),
  };
}

export const silentLogger: Logger = { info: () => undefined, warn: () => undefined, error: () => undefined };
