import { emailField } from '#app/modules/auth/forms.ts'
import { iinProblem } from '#app/modules/auth/iin.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { matchDistrict, matchRegion, matchSchool, type PlaceIndex } from '#app/modules/reference/places.ts'
import { damagedIdentifier } from '#app/modules/spreadsheet/excel-damage.ts'
import type { TableRow } from '#app/modules/spreadsheet/table.server.ts'
import type { RosterColumn } from './roster-table.ts'

// The checks a roster row needs no database for: its IIN (and what Excel may
// have done to it), name, email, region, district and school against the
// reference data, and the file's other rows (an IIN or email twice). Pure,
// so they run in the roster's worker thread.

export const NAME_MAX = 120

/** A row whose own values are good; what the database says about it is checked next. */
export interface CheckedRow {
  line: number
  iin: string
  fullName: string
  email: string
  regionCode: string
  schoolId: string
  /** The cohort cell as written: '' when the file has no cohort column or the cell is empty. */
  cohort: string
}

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()
/** A value quoted back in a message: short enough for a table cell. */
export const shown = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s)

function checkRow(row: TableRow<RosterColumn>, places: PlaceIndex, closed: Set<string>): { row: CheckedRow; errors: ImportMessage[] } {
  const { values, kinds } = row
  const errors: ImportMessage[] = []
  const iin = values.iin.replace(/\s+/g, '')
  const fullName = collapse(values.fullName)
  const emailText = values.email.trim()
  let email = emailText.toLowerCase()
  let regionCode = ''
  let schoolId = ''
  if (row.problem) return { row: { line: row.line, iin: '', fullName: '', email: '', regionCode, schoolId, cohort: '' }, errors: [row.problem] }

  const damaged = damagedIdentifier({ text: values.iin, kind: kinds.iin })
  if (damaged) errors.push(damaged)
  else if (!iin) errors.push({ key: 'import.row.iinMissing' })
  else {
    const problem = iinProblem(iin)
    if (problem) errors.push({ key: `validation.iin.${problem}` })
  }
  if (!fullName) errors.push({ key: 'import.row.fullNameMissing' })
  else if (fullName.length > NAME_MAX) errors.push({ key: 'import.row.fullNameTooLong' })
  if (!emailText) errors.push({ key: 'import.row.emailMissing' })
  else {
    const parsed = emailField.safeParse(emailText)
    if (parsed.success) email = parsed.data
    else errors.push({ key: 'import.row.email', params: { value: shown(emailText) } })
  }

  const regionText = collapse(values.region)
  const schoolText = collapse(values.schoolBin) || collapse(values.school)
  if (!regionText) errors.push({ key: 'import.row.regionMissing' })
  else {
    const region = matchRegion(places, regionText)
    if (!region.ok) errors.push(region.error)
    else regionCode = region.value
  }
  let districtId: string | null = null
  const districtText = collapse(values.district)
  if (regionCode && districtText) {
    const district = matchDistrict(places, regionCode, districtText)
    if (!district.ok) errors.push({ key: 'roster.row.district', params: { value: shown(districtText), region: regionCode } })
    else districtId = district.value
  }
  if (!schoolText) errors.push({ key: 'import.row.schoolMissing' })
  else if (regionCode && (districtId || !districtText)) {
    const school = matchSchool(places, { text: schoolText, regionCode, districtId })
    if (!school.ok) errors.push(school.error)
    else if (closed.has(school.value)) errors.push({ key: 'roster.row.schoolClosed', params: { value: shown(schoolText) } })
    else schoolId = school.value
  }
  return { row: { line: row.line, iin, fullName, email, regionCode, schoolId, cohort: collapse(values.cohort) }, errors }
}

/** Checks rows on their own and against each other; a row with any error is left out of `rows`. */
export class RowChecker {
  readonly errors: RowError[] = []
  private readonly firstLineOfIin = new Map<string, number>()
  private readonly firstLineOfEmail = new Map<string, number>()
  private readonly closed: Set<string>

  constructor(private readonly places: PlaceIndex) {
    this.closed = new Set(places.data.schools.filter((s) => s.closed).map((s) => s.id))
  }

  /** The good rows of `rows`, which come in file order. */
  check(rows: readonly TableRow<RosterColumn>[]): CheckedRow[] {
    const good: CheckedRow[] = []
    for (const source of rows) {
      const { row, errors } = checkRow(source, this.places, this.closed)
      const { line, iin, email } = row
      const firstIin = iin ? this.firstLineOfIin.get(iin) : undefined
      if (iin && firstIin !== undefined) {
        errors.push({ key: 'import.row.duplicateIin', params: { iin: shown(iin), other: firstIin } })
        this.errors.push({ line: firstIin, key: 'import.row.duplicateIin', params: { iin: shown(iin), other: line } })
      } else if (iin) this.firstLineOfIin.set(iin, line)
      const firstEmail = email ? this.firstLineOfEmail.get(email) : undefined
      if (email && firstEmail !== undefined) {
        errors.push({ key: 'import.row.duplicateEmail', params: { email: shown(email), other: firstEmail } })
        this.errors.push({ line: firstEmail, key: 'import.row.duplicateEmail', params: { email: shown(email), other: line } })
      } else if (email) this.firstLineOfEmail.set(email, line)
      for (const e of errors) this.errors.push({ line, ...e })
      if (errors.length === 0) good.push(row)
    }
    return good
  }
}
