import type { IndicatorKey } from '#app/modules/metrics/keys.ts'
import { INDICATORS } from '#app/modules/dashboard/targets.server.ts'

// How big a simulated world is, and its shape over the strategy's years: the
// yearly pace of each indicator is taken from the strategy's targets
// (db/reference/strategy-targets.json), scaled to the number of teachers.

export const SCALE_NAMES = ['national', 'small'] as const
export type ScaleName = (typeof SCALE_NAMES)[number]

export interface ScaleSpec {
  /** Teachers who complete at least one course. */
  teachers: number
  /** Teachers who enrol and drop out, and never complete anything. */
  extrasEnrolled: number
  /** Teachers who register and never enrol. */
  extrasIdle: number
  trainers: number
  schoolsPerRegion: [number, number]
  /** Places filled in a cohort (its capacity is 25 to 60). */
  cohortFill: [number, number]
  /** A cohort gathers the enrolments wanted within 42 days, or more where a region has few teachers for its course and language, up to this. */
  cohortWindowMax: number
  parentSessions: number
  /** The sum of the parent sessions' head counts over the whole period. */
  attendances: number
}

export const SCALES: Record<ScaleName, ScaleSpec> = {
  national: {
    teachers: 52_400,
    extrasEnrolled: 3_000,
    extrasIdle: 2_200,
    trainers: 200,
    schoolsPerRegion: [150, 400],
    cohortFill: [24, 50],
    cohortWindowMax: 120,
    parentSessions: 90_000,
    attendances: 12_000_000,
  },
  small: {
    teachers: 600,
    extrasEnrolled: 34,
    extrasIdle: 25,
    trainers: 20,
    schoolsPerRegion: [4, 10],
    cohortFill: [24, 50],
    cohortWindowMax: 180,
    parentSessions: 900,
    attendances: 120_000,
  },
}

/** Shares of the teachers (or of their enrolments) that shape the funnel. */
export const RATES = {
  /** Teachers who also complete a second course. */
  secondCourse: 0.12,
  /** Teachers who start a second course and drop it. */
  secondDropout: 0.05,
  /** Teachers who withdraw from or fail a course before completing it in a later cohort. */
  retake: 0.045,
  /** Completed enrolments whose teachers answer the first follow-up survey, and a later one. */
  firstFollowup: 0.965,
  laterFollowup: 0.6,
  /** Women among teachers. */
  women: 0.82,
  /** Certificates revoked (always of a teacher who holds another one). */
  revoked: 0.002,
}

export interface YearValue {
  year: number
  value: number
}

function seed(key: IndicatorKey): YearValue[] {
  const indicator = INDICATORS.find((i) => i.key === key)
  if (!indicator?.seed.length) throw new Error(`no targets for ${key}`)
  return indicator.seed
}

/** The strategy's years, first to last. */
export function strategyYears(): number[] {
  return seed('teachers_trained').map((s) => s.year)
}

/** An indicator's final (cumulative) target. */
export function finalTarget(key: IndicatorKey): number {
  return seed(key).at(-1)!.value
}

/**
 * What each year adds to an indicator, scaled so that the years sum to
 * `total` exactly (largest remainders).
 */
export function yearlyIncrements(key: IndicatorKey, total: number): YearValue[] {
  const cumulative = seed(key)
  const raw = cumulative.map((c, i) => ({ year: c.year, value: c.value - (i ? cumulative[i - 1]!.value : 0) }))
  const sum = raw.reduce((s, r) => s + r.value, 0)
  const exact = raw.map((r) => (r.value / sum) * total)
  const out = exact.map((v, i) => ({ year: raw[i]!.year, value: Math.floor(v) }))
  let left = total - out.reduce((s, r) => s + r.value, 0)
  const order = exact.map((v, i) => ({ i, frac: v - Math.floor(v) })).sort((a, b) => b.frac - a.frac)
  for (const { i } of order) {
    if (left <= 0) break
    out[i]!.value += 1
    left -= 1
  }
  return out
}

/** A region's weight (its population, thousands, 2024) and the share of its teachers who study in Kazakh. */
export interface RegionProfile {
  population: number
  kk: number
}

const PROFILES: Record<string, RegionProfile> = {
  'KZ-10': { population: 603, kk: 0.75 },
  'KZ-11': { population: 787, kk: 0.45 },
  'KZ-15': { population: 932, kk: 0.8 },
  'KZ-19': { population: 1530, kk: 0.8 },
  'KZ-23': { population: 700, kk: 0.95 },
  'KZ-27': { population: 690, kk: 0.75 },
  'KZ-31': { population: 1220, kk: 0.8 },
  'KZ-33': { population: 698, kk: 0.75 },
  'KZ-35': { population: 1130, kk: 0.5 },
  'KZ-39': { population: 830, kk: 0.35 },
  'KZ-43': { population: 830, kk: 0.97 },
  'KZ-47': { population: 790, kk: 0.93 },
  'KZ-55': { population: 750, kk: 0.45 },
  'KZ-59': { population: 530, kk: 0.3 },
  'KZ-61': { population: 2130, kk: 0.95 },
  'KZ-62': { population: 220, kk: 0.75 },
  'KZ-63': { population: 720, kk: 0.55 },
  'KZ-71': { population: 1500, kk: 0.75 },
  'KZ-75': { population: 2260, kk: 0.6 },
  'KZ-79': { population: 1230, kk: 0.85 },
}

/** A region's profile; a region not listed here gets a middling one. */
export function regionProfile(code: string): RegionProfile {
  return PROFILES[code] ?? { population: 900, kk: 0.7 }
}
