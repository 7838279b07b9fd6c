// A minimal iCalendar (RFC 5545) writer for all-day events: CRLF line ends,
// lines folded at 75 octets without splitting a UTF-8 character, text values
// escaped. Only what a cohort's calendar needs.

export interface AllDayEvent {
  /** Globally unique: `<what>-<id>@<host of the public origin>`. */
  uid: string
  /** The first day, YYYY-MM-DD. */
  start: string
  /** The last day, YYYY-MM-DD (inclusive; written as the exclusive next day). */
  end: string
  summary: string
  description?: string
  url?: string
}

/** Escapes a TEXT value (RFC 5545 §3.3.11). */
export function escapeText(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n')
}

/** Folds a content line into pieces of at most 75 octets, each continuation starting with a space (§3.1). */
export function foldLine(line: string): string {
  const encoder = new TextEncoder()
  const pieces: string[] = []
  let current = ''
  let octets = 0
  for (const char of line) {
    const size = encoder.encode(char).length
    // A continuation line's leading space counts towards its 75.
    const limit = pieces.length ? 74 : 75
    if (octets + size > limit) {
      pieces.push(current)
      current = ''
      octets = 0
    }
    current += char
    octets += size
  }
  pieces.push(current)
  return pieces.join('\r\n ')
}

const basicDate = (date: string) => date.replaceAll('-', '')

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`)
  day.setUTCDate(day.getUTCDate() + 1)
  return day.toISOString().slice(0, 10)
}

/** A UTC instant as 20261005T050000Z. */
export function basicInstant(instant: Date): string {
  return instant
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '')
}

/** The whole calendar file. `name` is the calendar's title in the reader's language. */
export function writeCalendar(input: { name: string; lang: string; stamp: Date; events: AllDayEvent[] }): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Orken Academy//Cohort calendar//KK', 'CALSCALE:GREGORIAN', 'METHOD:PUBLISH']
  lines.push(`X-WR-CALNAME:${escapeText(input.name)}`)
  for (const event of input.events) {
    lines.push(
      'BEGIN:VEVENT',
      `UID:${event.uid}`,
      `DTSTAMP:${basicInstant(input.stamp)}`,
      `DTSTART;VALUE=DATE:${basicDate(event.start)}`,
      `DTEND;VALUE=DATE:${basicDate(nextDay(event.end))}`,
      `SUMMARY;LANGUAGE=${input.lang}:${escapeText(event.summary)}`,
    )
    if (event.description) lines.push(`DESCRIPTION;LANGUAGE=${input.lang}:${escapeText(event.description)}`)
    if (event.url) lines.push(`URL:${event.url}`)
    lines.push('TRANSP:TRANSPARENT', 'END:VEVENT')
  }
  lines.push('END:VCALENDAR')
  return lines.map(foldLine).join('\r\n') + '\r\n'
}
