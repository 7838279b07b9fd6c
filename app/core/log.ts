// The logger a unit of work carries: pino's in the server (server/log.ts), a
// quiet or recording one in tests. Modules log through it, never through
// console, so every line is JSON with the request id it belongs to.
export interface LogFn {
  (message: string): void
  (fields: Record<string, unknown>, message?: string): void
}

export interface Logger {
  info: LogFn
  warn: LogFn
  error: LogFn
}

/** A logger that drops everything: for scripts and tests that do not read logs. */
export const silentLogger: Logger = { info: () => {}, warn: () => {}, error: () => {} }
