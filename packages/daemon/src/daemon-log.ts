// The daemon's own structured log: JSON lines (pino) written to a file, one child
// logger per module with a `component` field. Container output never goes here.

import { pino, destination } from 'pino';

export type LogFields = Record<string, unknown>;

export interface DaemonLog {
  debug(fields: LogFields, message: string): void;
  info(fields: LogFields, message: string): void;
  warn(fields: LogFields, message: string): void;
  error(fields: LogFields, message: string): void;
  /** A logger for one module: every record carries `component`. */
  child(component: string): DaemonLog;
  /** Writes what is buffered (call before exiting). */
  flush(): void;
}

type PinoLogger = ReturnType<typeof pino>;

const wrapPino = (logger: PinoLogger): DaemonLog => ({
  debug: (fields, message) => logger.debug(fields, message),
  info: (fields, message) => logger.info(fields, message),
  warn: (fields, message) => logger.warn(fields, message),
  error: (fields, message) => logger.error(fields, message),
  child: (component) => wrapPino(logger.child({ component })),
  flush: () => logger.flush(),
});

/** A JSON log appended to `filePath` (created with mode 0600). */
export const createFileLog = (
  filePath: string,
  level: string = process.env['DEVUP_LOG_LEVEL'] ?? 'info',
): DaemonLog => {
  const stream = destination({ dest: filePath, sync: true, mkdir: true, mode: 0o600 });
  return wrapPino(pino({ level, base: { pid: process.pid } }, stream));
};

/** A log that records into memory; for tests and for code that runs without a daemon. */
export const createMemoryLog = (records: (LogFields & { level: string; msg: string })[] = []): DaemonLog => {
  const make = (component?: string): DaemonLog => {
    const push = (level: string) => (fields: LogFields, message: string) => {
      records.push({ ...fields, ...(component ? { component } : {}), level, msg: message });
    };
    return {
      debug: push('debug'),
      info: push('info'),
      warn: push('warn'),
      error: push('error'),
      child: (name) => make(name),
      flush: () => undefined,
    };
  };
  return make();
};
