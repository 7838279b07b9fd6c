import { pinClock } from '#app/modules/clock/clock.server.ts'

// The instant every test run starts at, whatever today's date: the app's
// clock (app/modules/clock/clock.server.ts) is pinned to TEST_CLOCK_START in
// the test processes (here) and in every server they start (server/env.ts). Tests
// build their dates from now() and move the clock with setClockOffset/setNow.
// A Monday in autumn term, 10:00 in Astana (UTC+5): inside the fixtures'
// default cohort (2026-01-10 to 2027-12-20).
export const TEST_CLOCK_START = '2026-10-05T05:00:00.000Z'

/**
 * Pins the clock of this process and of every process it starts: all read
 * TEST_CLOCK_START at the moment the run began, so their clocks agree.
 */
export function pinTestClock(): void {
  process.env.TEST_CLOCK_START ??= TEST_CLOCK_START
  process.env.TEST_CLOCK_ANCHOR_MS ??= String(Date.now())
  process.env.NODE_ENV ??= 'test'
  pinClock(process.env.TEST_CLOCK_START, Number(process.env.TEST_CLOCK_ANCHOR_MS))
}
