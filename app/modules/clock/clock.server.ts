// One clock for the whole server. Tests pin it and move it forward (a test
// clock, never sleeping); production code only reads it. Its state lives on
// globalThis because the server and the Remix build each load their own copy
// of this module in one process, and both must see the same time.
//
// Under NODE_ENV=test the server (server/env.ts, from TEST_CLOCK_START and
// TEST_CLOCK_ANCHOR_MS) and the test processes (tests/setup/clock.ts) pin it
// with pinClock: it read that instant at the anchor (the system time the test
// run began, shared by every process of the run so that their clocks agree)
// and ticks on from there, so a suite run today and one run years from now
// (CI runs it under faketime) see the same calendar. Unpinned, it is the
// system's time.
interface ClockState {
  /** Milliseconds added to the system time so that the clock starts at TEST_CLOCK_START. */
  pinMs: number
  /** Milliseconds a test has moved the clock beyond that. */
  offsetMs: number
}

const holder = globalThis as typeof globalThis & { __orkenClock?: ClockState }

function state(): ClockState {
  holder.__orkenClock ??= { pinMs: 0, offsetMs: 0 }
  return holder.__orkenClock
}

/** Starts the clock at `start` as read at the system time `anchorMs` (default: now); for tests and their servers only. */
export function pinClock(start: string, anchorMs: number = Date.now()): void {
  const ms = Date.parse(start)
  if (Number.isNaN(ms)) throw new Error(`The clock's start is not an ISO instant: ${start}`)
  state().pinMs = ms - anchorMs
}

/** The clock's settings, for a worker thread to read the same time (adoptClock). */
export function clockSettings(): Readonly<ClockState> {
  return { ...state() }
}

/** In a worker thread: the clock its parent thread reads (clockSettings there). */
export function adoptClock(settings: Readonly<ClockState>): void {
  Object.assign(state(), settings)
}

export function now(): Date {
  const clock = state()
  return new Date(Date.now() + clock.pinMs + clock.offsetMs)
}

export function nowIso(): string {
  return now().toISOString()
}

/** Moves the server's clock `ms` past its start; for tests and simulations only. */
export function setClockOffset(ms: number): void {
  state().offsetMs = ms
}

export function clockOffset(): number {
  return state().offsetMs
}

/** Sets the clock to `instant` (it ticks on from there); for tests only. */
export function setNow(instant: Date | string): void {
  const clock = state()
  clock.offsetMs = new Date(instant).getTime() - Date.now() - clock.pinMs
}

export function addMs(date: Date, ms: number): Date {
  return new Date(date.getTime() + ms)
}

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR
