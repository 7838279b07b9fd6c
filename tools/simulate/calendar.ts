import { WeightedPicker, type Random } from './random.ts'

// Days of the simulation, counted from 2025-01-01 (day 0), and the instants
// stored for them. Kazakhstan keeps UTC+5 all year (the metrics' calendar day
// is the stored UTC instant plus five hours), so the arithmetic is plain.

const EPOCH_MS = Date.UTC(2025, 0, 1)
const DAY_MS = 86_400_000
const MINUTE_MS = 60_000
const KZ_OFFSET_MS = 5 * 60 * MINUTE_MS

/** The day number of a YYYY-MM-DD date. */
export function dayNumber(isoDate: string): number {
  return Math.round((Date.parse(`${isoDate}T00:00:00Z`) - EPOCH_MS) / DAY_MS)
}

/** The YYYY-MM-DD date of a day number. */
export function isoDay(day: number): string {
  return new Date(EPOCH_MS + day * DAY_MS).toISOString().slice(0, 10)
}

/** The stored instant (ISO UTC) of a local time on a day: `minute` counts from local midnight. */
export function stampAt(day: number, minute: number): string {
  return new Date(EPOCH_MS + day * DAY_MS + minute * MINUTE_MS - KZ_OFFSET_MS).toISOString()
}

/** The local day of a stored instant. */
export function dayOfStamp(stamp: string): number {
  return Math.floor((Date.parse(stamp) + KZ_OFFSET_MS - EPOCH_MS) / DAY_MS)
}

/** A stored instant moved by some minutes. */
export function addMinutes(stamp: string, minutes: number): string {
  return new Date(Date.parse(stamp) + minutes * MINUTE_MS).toISOString()
}

export function dateParts(day: number): { year: number; month: number; weekday: number } {
  const date = new Date(EPOCH_MS + day * DAY_MS)
  return { year: date.getUTCFullYear(), month: date.getUTCMonth(), weekday: date.getUTCDay() }
}

/** A random local time in working hours (08:30 to 21:30), in minutes from midnight. */
export function workingMinute(rng: Random): number {
  return rng.int(8 * 60 + 30, 21 * 60 + 30)
}

// Relative activity by month (January first). Courses and events follow the
// school year: busy in autumn and spring, quiet in summer and the January
// holidays. Parent centres meet during the school year.
export const COURSE_SEASON = [0.5, 0.9, 1.2, 1.25, 1.05, 0.45, 0.15, 0.3, 1.0, 1.35, 1.4, 0.9]
export const EVENT_SEASON = [0.6, 1.0, 1.1, 1.2, 1.0, 0.4, 0.2, 0.5, 1.1, 1.2, 1.3, 1.0]
export const PARENT_SEASON = [0.85, 1.0, 1.05, 1.05, 0.8, 0.25, 0.1, 0.25, 0.95, 1.1, 1.1, 0.85]

/** Draws days in [from, to] with a weight per day (0 excludes a day). */
export class DayPicker {
  private readonly picker: WeightedPicker<number>

  constructor(from: number, to: number, weight: (day: number) => number) {
    const days: number[] = []
    for (let d = from; d <= to; d++) days.push(d)
    this.picker = new WeightedPicker(days, weight)
  }

  pick(rng: Random): number {
    return this.picker.pick(rng)
  }
}

/** A day weight from a monthly season, without Sundays. */
export function seasonal(season: readonly number[], options: { sundays?: boolean } = {}): (day: number) => number {
  return (day) => {
    const { month, weekday } = dateParts(day)
    if (weekday === 0 && !options.sundays) return 0
    return season[month] ?? 0
  }
}
