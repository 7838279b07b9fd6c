// How an indicator is doing against its target: where it will end the year if
// the pace of the year so far holds. Client-safe, so the pages share the status names.

export type PaceStatus = 'on_track' | 'at_risk' | 'achieved' | 'missed' | 'not_started' | 'no_target'

const isLeap = (year: number) => (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0
const daysIn = (year: number) => (isLeap(year) ? 366 : 365)
function dayOfYear(iso: string): number {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number]
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(y, 0, 1)) / 86_400_000) + 1
}

/** The pace of one indicator in a year: where it will end if this year's rate holds, against the target. */
export function pace(input: { year: number; today: string; before: number; yearToDate: number; target: number | null }): {
  projected: number | null
  status: PaceStatus
} {
  const currentYear = Number(input.today.slice(0, 4))
  const value = input.before + input.yearToDate
  if (input.year > currentYear) return { projected: null, status: input.target === null ? 'no_target' : 'not_started' }
  if (input.year < currentYear) return { projected: value, status: input.target === null ? 'no_target' : value >= input.target ? 'achieved' : 'missed' }
  const elapsed = dayOfYear(input.today) / daysIn(input.year)
  const projected = input.before + Math.round(input.yearToDate / elapsed)
  if (input.target === null) return { projected, status: 'no_target' }
  return { projected, status: value >= input.target || projected >= input.target ? 'on_track' : 'at_risk' }
}
