import { MAX_FILE_BYTES } from '#app/modules/csv/csv-table.server.ts'
import { readSpreadsheet, type ImportMessage, type SpreadsheetFormat } from '#app/modules/spreadsheet/read.server.ts'
import { mapTable, type TableSpec } from '#app/modules/spreadsheet/table.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import type { Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, addMs } from '#app/modules/clock/clock.server.ts'
import type { ExportTable } from '#app/modules/exports/download.server.ts'
import { parentLessonChoices } from './sessions.server.ts'

// The parent sessions file (CSV, Excel's Unicode text or .xlsx), read at once
// when it is uploaded: seven columns in any order, named in Kazakh, Russian or
// English. Its rows' values are checked
// by the import job (sessions-import.server.ts).

export const MAX_SESSION_ROWS = 5_000

type Column = 'school' | 'series' | 'lesson' | 'date' | 'facilitator' | 'headCount' | 'notes'
const COLUMNS: Column[] = ['school', 'series', 'lesson', 'date', 'facilitator', 'headCount', 'notes']
/** The school may be left out by a coordinator (their own school); notes are optional. */
const REQUIRED: Column[] = ['series', 'lesson', 'date', 'facilitator', 'headCount']

const SESSIONS_TABLE: TableSpec<Column> = {
  columns: COLUMNS,
  required: REQUIRED,
  headerNames: {
    school: ['Мектеп', 'Школа', 'School', 'Мектеп коды', 'Код школы', 'School id'],
    series: ['Сабақтар топтамасы', 'Серия занятий', 'Series', 'Топтама', 'Серия', 'Series slug'],
    lesson: ['Сабақ', 'Занятие', 'Lesson', 'Сабақ коды', 'Код занятия', 'Lesson key'],
    date: ['Күні', 'Дата', 'Date', 'Өткізілген күні', 'Дата проведения'],
    facilitator: ['Жүргізуші', 'Ведущий', 'Facilitator', 'Жүргізген', 'Провёл', 'Провел'],
    headCount: ['Қатысқандар саны', 'Число участников', 'Head count', 'Қатысушылар саны', 'Количество участников', 'Участники'],
    notes: ['Ескертпе', 'Примечание', 'Notes', 'Ескертпелер', 'Примечания', 'Note'],
  },
  ignoreUnknown: false,
  maxRows: MAX_SESSION_ROWS,
  errors: {
    noHeader: { key: 'parentImport.file.noHeader' },
    unknownColumns: (columns) => ({ key: 'parentImport.file.unknownColumns', params: { columns } }),
    tooManyRows: (count) => ({ key: 'parentImport.file.tooManyRows', params: { count, max: MAX_SESSION_ROWS } }),
  },
}

export interface SessionRow {
  line: number
  school: string
  series: string
  lesson: string
  date: string
  facilitator: string
  headCount: string
  notes: string
  /** The row could not be split into the header's columns. */
  problem?: ImportMessage
}

export interface SessionsFile {
  format: SpreadsheetFormat
  /** A text file's encoding and separator (null for .xlsx). */
  encoding: string | null
  separator: string | null
  rows: SessionRow[]
}

export type ReadSessionsResult = Result<SessionsFile, ImportMessage>

/** Reads an uploaded file and maps its header to the columns; single rows' problems are left to the job. */
export async function readSessionsFile(bytes: Uint8Array, options: { sheet?: string } = {}): Promise<ReadSessionsResult> {
  const workbook = await readSpreadsheet(bytes, { maxBytes: MAX_FILE_BYTES, maxRows: MAX_SESSION_ROWS })
  if (!workbook.ok) return workbook
  const table = mapTable(workbook.value, SESSIONS_TABLE, options)
  if (!table.ok) return fail(table.error)
  const rows = table.value.rows.map(({ line, values, problem }): SessionRow => ({ line, ...values, ...(problem ? { problem } : {}) }))
  const { format, encoding, separator } = workbook.value
  return ok({ format, encoding, separator: separator ?? null, rows })
}

/** YYYY-MM-DD or DD.MM.YYYY (as Excel writes dates in Kazakhstan) to an ISO date; null unless it is a real calendar date. */
export function parseSessionDate(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text)
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text)
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]].map(Number) : dotted ? [dotted[3], dotted[2], dotted[1]].map(Number) : []
  if (y === undefined || m === undefined || d === undefined) return null
  const date = new Date(Date.UTC(y, m - 1, d))
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== m - 1 || date.getUTCDate() !== d) return null
  return date.toISOString().slice(0, 10)
}

/**
 * A small file to start from, made for whoever downloads it so that it
 * imports as it is: UTF-8 with a byte-order mark (Excel shows the Kazakh
 * letters), Kazakh headers, a school the user runs (`ownSchool`, else the
 * first of `regions`; null: any), the first lessons of the first parent
 * series, dates last week in both accepted forms, and a note with a comma.
 */
export async function sampleSessionsTable(work: Work, input: { ownSchool: string | null; regions: string[] | null }): Promise<ExportTable> {
  let schoolQuery = work.db.selectFrom('schools').select('id').orderBy('region_code').orderBy('id')
  if (input.regions) schoolQuery = schoolQuery.where('region_code', 'in', input.regions.length ? input.regions : [''])
  const school = input.ownSchool ?? (await schoolQuery.executeTakeFirst())?.id ?? 'sch-kz75-1'
  const series = (await parentLessonChoices(work))[0]
  const lessons = series?.lessons.map((l) => l.key) ?? ['lessons/listening']
  const day = (daysAgo: number) => localIsoDate(addMs(work.now(), -daysAgo * DAY))
  const dotted = (iso: string) => iso.split('-').reverse().join('.')
  const header = ['Мектеп', 'Сабақтар топтамасы', 'Сабақ', 'Күні', 'Жүргізуші', 'Қатысқандар саны', 'Ескертпе']
  const rows = [
    [school, series?.courseId ?? 'family-support', lessons[0]!, day(14), 'Әсем Нұрланқызы', '24', ''],
    [school, series?.courseId ?? 'family-support', lessons[1] ?? lessons[0]!, dotted(day(7)), 'Әсем Нұрланқызы', '31', 'Кешкі топ, 18:00'],
  ]
  return { header, rows }
}
