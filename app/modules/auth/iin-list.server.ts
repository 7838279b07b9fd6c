import type { Database } from '#db/client.server.ts'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import { decodeCsv, detectSeparator, isBlankRecord, parseCsv } from '#app/modules/csv/csv-read.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { iinProblem } from './iin.ts'

// Participants given as a list of IINs, pasted and/or uploaded: how a wellbeing
// event and a post-course support activity both say who took part. The list is
// read here once (CSV or one per line, with line numbers), its IINs resolved to
// accounts, and every line that cannot be used reported with its number; each
// caller then adds the rules of its own (a teacher, active, of the actor's region).

export const MAX_IIN_LINES = 5_000
export const MAX_IIN_FILE_BYTES = 512 * 1024

/** A message key with its values, translated where it is shown. */
export interface ListMessage {
  key: MessageKey
  params?: Record<string, string | number>
}

/** The two fields a participants list arrives in: a pasted list and the text of an uploaded one. */
export const IIN_LIST_FIELDS = ['iins', 'iinFile'] as const
export type IinListField = (typeof IIN_LIST_FIELDS)[number]

const IIN_HEADERS = new Set(['жсн', 'иин', 'iin'])
const headerKey = (name: string) => name.toLocaleLowerCase('kk').replace(/[^\p{L}\p{N}]/gu, '')
const shown = (s: string) => (s.length > 40 ? `${s.slice(0, 39)}…` : s)

/**
 * The IINs of a pasted or uploaded list, one per line or in CSV, with their
 * line numbers. A header row naming the IIN column (ЖСН, ИИН, IIN) picks that
 * column; otherwise each line's IIN is the first run of exactly 12 digits, so a
 * row copied from a spreadsheet (IIN, name, school) works as it is. A line
 * with no such run keeps its first value, to be reported.
 */
export function parseIinList(text: string): { line: number; value: string }[] {
  const records = parseCsv(text, detectSeparator(text)).filter((r) => !isBlankRecord(r))
  const headerColumn = records[0]?.fields.findIndex((f) => IIN_HEADERS.has(headerKey(f))) ?? -1
  const rows = headerColumn >= 0 ? records.slice(1) : records
  return rows.map((record) => {
    const fields = headerColumn >= 0 ? [record.fields[headerColumn] ?? ''] : record.fields
    for (const field of fields) {
      const compact = field.replace(/\s+/g, '')
      if (/^\d{12}$/.test(compact)) return { line: record.line, value: compact }
      const run = /(?<!\d)\d{12}(?!\d)/.exec(field)
      if (run) return { line: record.line, value: run[0] }
    }
    return { line: record.line, value: shown(fields.map((f) => f.trim()).find(Boolean) ?? '') }
  })
}

/** The text of an uploaded list: UTF-8 or Windows-1251, not too large. */
export function readIinFile(bytes: Uint8Array): Result<string, ListMessage> {
  if (bytes.byteLength > MAX_IIN_FILE_BYTES) return fail({ key: 'support.file.tooLarge' })
  const decoded = decodeCsv(bytes)
  return decoded ? ok(decoded.text) : fail({ key: 'support.file.undecodable' })
}

/** The account an IIN of the list belongs to. */
export interface IinHolder {
  id: string
  active: boolean
  teacher: boolean
  regionCode: string | null
}

/** One line of a list: its IIN's account, or why it cannot be used (not an IIN, nobody's). */
export type IinLine = { field: IinListField; line: number; value: string } & (
  { holder: IinHolder; refusal?: undefined } | { holder?: undefined; refusal: ListMessage }
)

/**
 * Reads the lists in `input` and finds who holds each IIN, line by line in
 * order. A line that is not an IIN or belongs to no account carries its
 * refusal (with the line number and value); a list of more than
 * MAX_IIN_LINES lines is refused whole, in `tooLong`. The caller adds its
 * own rules to the lines that have a holder.
 */
export async function resolveIinLists(
  db: Database,
  input: Partial<Record<IinListField, string>>,
): Promise<{ lines: IinLine[]; tooLong: { field: IinListField; refusal: ListMessage }[] }> {
  const tooLong: { field: IinListField; refusal: ListMessage }[] = []
  const lists = IIN_LIST_FIELDS.flatMap((field) => {
    const text = input[field]
    if (!text?.trim()) return []
    const rows = parseIinList(text)
    if (rows.length > MAX_IIN_LINES) {
      tooLong.push({ field, refusal: { key: 'support.iin.tooMany', params: { max: MAX_IIN_LINES } } })
      return []
    }
    return [{ field, rows }]
  })
  const valid = [...new Set(lists.flatMap((l) => l.rows.map((r) => r.value)).filter((v) => !iinProblem(v)))]
  const people = await holders(db, valid)
  const lines = lists.flatMap(({ field, rows }) =>
    rows.map(({ line, value }): IinLine => {
      const problem = iinProblem(value)
      const holder = people.get(value)
      if (problem) return { field, line, value, refusal: { key: `support.iin.${problem}`, params: { line, value } } }
      if (!holder) return { field, line, value, refusal: { key: 'support.iin.unknown', params: { line, value } } }
      return { field, line, value, holder }
    }),
  )
  return { lines, tooLong }
}

/** The accounts holding the given IINs, by IIN. */
async function holders(db: Database, iins: string[]): Promise<Map<string, IinHolder>> {
  const out = new Map<string, IinHolder>()
  for (let i = 0; i < iins.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select((eb) => [
        'users.id',
        'users.iin',
        'users.is_active',
        'users.region_code',
        eb
          .exists(eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', 'teacher'))
          .as('teacher'),
      ])
      .where('users.iin', 'in', iins.slice(i, i + 500))
      .execute()
    for (const r of rows) if (r.iin) out.set(r.iin, { id: r.id, active: r.is_active === 1, teacher: Boolean(r.teacher), regionCode: r.region_code })
  }
  return out
}
