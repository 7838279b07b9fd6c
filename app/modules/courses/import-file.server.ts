import { fail, ok, type Result } from '#app/core/result.ts'
import type { CsvEncoding, CsvSeparator } from '#app/modules/csv/csv-read.server.ts'
import { readCsvTable, type ImportMessage, type TableSpec } from '#app/modules/csv/csv-table.server.ts'

// The enrolment file: five columns in any order (IIN, full name, email,
// region, school), read at once when it is uploaded. Its rows' values are
// checked by the import job (import-rows.server.ts).

export const MAX_ROWS = 50_000

type Column = 'iin' | 'fullName' | 'email' | 'region' | 'school'
const COLUMNS: Column[] = ['iin', 'fullName', 'email', 'region', 'school']

const ENROLMENT_TABLE: TableSpec<Column> = {
  columns: COLUMNS,
  required: COLUMNS,
  headerNames: {
    iin: ['ЖСН', 'ИИН', 'IIN'],
    fullName: ['Аты-жөні', 'ФИО', 'Full name', 'Толық аты-жөні', 'Ф.И.О.'],
    email: ['Электрондық пошта', 'Электронная почта', 'Email', 'E-mail', 'Эл. почта', 'Пошта', 'Почта'],
    region: ['Өңір', 'Регион', 'Region', 'Өңір коды', 'Код региона', 'Region code'],
    school: ['Мектеп', 'Школа', 'School', 'Мектеп коды', 'Код школы', 'School id'],
  },
  maxRows: MAX_ROWS,
  errors: {
    noHeader: { key: 'import.file.noHeader' },
    unknownColumns: (columns) => ({ key: 'import.file.unknownColumns', params: { columns } }),
    tooManyRows: (count) => ({ key: 'import.file.tooManyRows', params: { count } }),
  },
}

export interface ImportRow {
  line: number
  iin: string
  fullName: string
  email: string
  region: string
  school: string
  /** The row could not be split into the header's columns. */
  problem?: ImportMessage
}

export interface ImportFile {
  encoding: CsvEncoding
  separator: CsvSeparator
  rows: ImportRow[]
}

export type ReadResult = Result<ImportFile, ImportMessage>

/** The enrolment file's rows (see readCsvTable for what refuses a whole file). */
export function readEnrolmentFile(bytes: Uint8Array): ReadResult {
  const table = readCsvTable(bytes, ENROLMENT_TABLE)
  if (!table.ok) return fail(table.error)
  const rows = table.rows.map(({ line, values, problem }): ImportRow => ({ line, ...values, ...(problem ? { problem } : {}) }))
  return ok({ encoding: table.encoding, separator: table.separator, rows })
}
