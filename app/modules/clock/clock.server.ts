// One clock for the whole server. Tests move it forward (a test clock, never
// sleeping); production code only reads it. The offset lives on globalThis
// because the server and the Remix build each load their own copy of this
// module in one process, and both must see the same time.
const holder = globalThis as typeof globalThis & { __orkenClockOffsetMs?: number }

export function now(): Date {
  return new Date(Date.now() + (holder.__orkenClockOffsetMs ?? 0))
}

export function nowIso(): string {
  return now().toISOString()
}

/** Moves the server's clock; for tests and simulations only. */
export function setClockOffset(ms: number): void {
  holder.__orkenClockOffsetMs = ms
}

export function clockOffset(): number {
  return holder.__orkenClockOffsetMs ?? 0
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms)
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
