// Kazakhstan's wall clock for the exports: a moment as Almaty reads it.
// Intl's time-zone arithmetic costs tens of microseconds a call, too much for
// a 50,000-row roster, so the offset is asked once per hour of UTC and kept.

const PARTS = new Intl.DateTimeFormat('en-US', {
  timeZone: 'Asia/Almaty',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  hourCycle: 'h23',
})

const HOUR = 3_600_000
const offsets = new Map<number, number>()

function offsetAt(hour: number): number {
  let offset = offsets.get(hour)
  if (offset === undefined) {
    const p = Object.fromEntries(PARTS.formatToParts(new Date(hour * HOUR)).map((part) => [part.type, Number(part.value)]))
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!, p.second!) - hour * HOUR
    // Bounded: a long export cannot grow the table without end.
    if (offsets.size > 100_000) offsets.clear()
    offsets.set(hour, offset)
  }
  return offset
}

/**
 * Almaty's wall-clock time of a moment, as milliseconds since 1970-01-01
 * 00:00 on that clock (read it back with the UTC getters). Zones change
 * their offset on the hour, so one offset serves every moment of an hour.
 */
export function almatyClock(moment: Date): number {
  const ms = moment.getTime()
  return ms + offsetAt(Math.floor(ms / HOUR))
}
