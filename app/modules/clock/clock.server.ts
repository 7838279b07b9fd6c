// One clock for the whole server. Later issues move it forward in tests (a
// test clock, never sleeping); production code only reads it.
let offsetMs = 0

export function now(): Date {
  return new Date(Date.now() + offsetMs)
}

export function nowIso(): string {
  return now().toISOString()
}

/** Moves the server's clock; for tests and simulations only. */
export function setClockOffset(ms: number): void {
  offsetMs = ms
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms)
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
