import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import { newId } from '#db/ids.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { emailField } from '#app/modules/auth/forms.ts'
import { iinProblem } from '#app/modules/auth/iin.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { seatsTaken } from './cohorts.server.ts'
import type { ImportRow } from './import-file.server.ts'

// The enrolment import's checks: each row on its own (IIN, name, email, a
// region and school that exist), then against the file's other rows, the
// users and enrolments already there and the cohort's free places.

const CHUNK_ROWS = 500
const NAME_MAX = 120

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim()
const nameKey = (s: string) => collapse(s).toLocaleLowerCase('kk')
/** A value quoted back in a message: short enough for a table cell. */
const shown = (s: string) => (s.length > 80 ? `${s.slice(0, 79)}…` : s)

interface Reference {
  regions: Set<string>
  schoolRegion: Map<string, string>
  /** `${region}|${name in lower case}` → school ids, for Kazakh and Russian names. */
  schoolsByName: Map<string, string[]>
}

async function loadReference(db: Database): Promise<Reference> {
  const regions = await db.selectFrom('regions').select('code').execute()
  const schools = await db.selectFrom('schools').select(['id', 'region_code', 'name_kk', 'name_ru']).execute()
  const schoolsByName = new Map<string, string[]>()
  for (const s of schools) {
    for (const name of new Set([nameKey(s.name_kk), nameKey(s.name_ru)])) {
      const key = `${s.region_code}|${name}`
      schoolsByName.set(key, [...(schoolsByName.get(key) ?? []), s.id])
    }
  }
  return { regions: new Set(regions.map((r) => r.code)), schoolRegion: new Map(schools.map((s) => [s.id, s.region_code])), schoolsByName }
}

interface CleanRow {
  line: number
  iin: string
  fullName: string
  email: string
  regionCode: string
  schoolId: string
}

/** Checks one row on its own; the errors are its reasons, in column order. */
function checkRow(row: ImportRow, ref: Reference): { clean: CleanRow; errors: ImportMessage[] } {
  // A row that could not be split has no trustworthy values to check.
  if (row.problem) return { clean: { line: row.line, iin: '', fullName: '', email: '', regionCode: '', schoolId: '' }, errors: [row.problem] }
  const errors: ImportMessage[] = []
  const iin = row.iin.replace(/\s+/g, '')
  const fullName = collapse(row.fullName)
  const emailText = row.email.trim()
  const regionCode = row.region.trim().toUpperCase()
  const schoolText = collapse(row.school)
  let email = emailText.toLowerCase()
  let schoolId = ''
  if (!iin) errors.push({ key: 'import.row.iinMissing' })
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
  if (!regionCode) errors.push({ key: 'import.row.regionMissing' })
  else if (!ref.regions.has(regionCode)) errors.push({ key: 'import.row.region', params: { value: shown(row.region.trim()) } })
  if (!schoolText) errors.push({ key: 'import.row.schoolMissing' })
  else if (ref.regions.has(regionCode)) {
    const byName = ref.schoolsByName.get(`${regionCode}|${nameKey(schoolText)}`) ?? []
    if (ref.schoolRegion.get(schoolText) === regionCode) schoolId = schoolText
    else if (byName.length === 1) schoolId = byName[0]!
    else errors.push({ key: byName.length > 1 ? 'import.row.schoolAmbiguous' : 'import.row.school', params: { value: shown(schoolText), region: regionCode } })
  }
  return { clean: { line: row.line, iin, fullName, email, regionCode, schoolId }, errors }
}

export interface CohortFacts {
  id: string
  course_id: string
  course_version_id: string
  title: string
  capacity: number
  status: 'open' | 'closed'
  starts_on: string
  ends_on: string
}

/** A row ready to write, with the user it names: found, or new with a fresh id. */
export interface PlannedRow extends CleanRow {
  userId: string
  isNew: boolean
}

export type Validation = Result<PlannedRow[], RowError[]>

/**
 * Validates every row against the reference data, the users and enrolments
 * already there and the cohort's free places, CHUNK_ROWS at a time, calling
 * `progress` after each chunk.
 */
export async function validateRows(work: Work, cohort: CohortFacts, rows: ImportRow[], progress: (processed: number) => Promise<void>): Promise<Validation> {
  const { db } = work
  const ref = await loadReference(db)
  const errors: RowError[] = []
  const planned: PlannedRow[] = []
  const firstLineOfIin = new Map<string, number>()
  const firstLineOfEmail = new Map<string, number>()
  const free = cohort.capacity - (await seatsTaken(db, cohort.id))
  let seatsNeeded = 0
  let fullReported = false

  for (let start = 0; start < rows.length; start += CHUNK_ROWS) {
    const checked = rows.slice(start, start + CHUNK_ROWS).map((row) => checkRow(row, ref))
    const iins = [...new Set(checked.map((c) => c.clean.iin).filter(Boolean))]
    const emails = [...new Set(checked.map((c) => c.clean.email).filter(Boolean))]
    const users = await db
      .selectFrom('users')
      .select(['id', 'email', 'iin'])
      .where((eb) => eb.or([eb('iin', 'in', iins.length ? iins : ['']), eb('email', 'in', emails.length ? emails : [''])]))
      .execute()
    const enrolments = users.length
      ? await db
          .selectFrom('enrolments')
          .select(['user_id', 'cohort_id', 'status'])
          .where('course_id', '=', cohort.course_id)
          .where(
            'user_id',
            'in',
            users.map((u) => u.id),
          )
          .execute()
      : []

    for (const { clean, errors: own } of checked) {
      const { line, iin, email } = clean
      const rowErrors: ImportMessage[] = [...own]
      const firstIin = iin ? firstLineOfIin.get(iin) : undefined
      if (iin && firstIin !== undefined) {
        rowErrors.push({ key: 'import.row.duplicateIin', params: { iin: shown(iin), other: firstIin } })
        errors.push({ line: firstIin, key: 'import.row.duplicateIin', params: { iin: shown(iin), other: line } })
      } else if (iin) firstLineOfIin.set(iin, line)
      const firstEmail = email ? firstLineOfEmail.get(email) : undefined
      if (email && firstEmail !== undefined) {
        rowErrors.push({ key: 'import.row.duplicateEmail', params: { email: shown(email), other: firstEmail } })
        errors.push({ line: firstEmail, key: 'import.row.duplicateEmail', params: { email: shown(email), other: line } })
      } else if (email) firstLineOfEmail.set(email, line)

      const byIin = iin ? users.find((u) => u.iin === iin) : undefined
      const byEmail = email ? users.find((u) => u.email === email) : undefined
      if (byIin && byIin.email !== email) rowErrors.push({ key: 'import.row.iinTaken', params: { iin: shown(iin) } })
      if (byEmail && byEmail.iin !== iin) rowErrors.push({ key: 'import.row.emailTaken', params: { email: shown(email) } })
      const existing = byIin && byIin === byEmail ? byIin : undefined
      const mine = existing ? enrolments.filter((e) => e.user_id === existing.id) : []
      const here = mine.find((e) => e.cohort_id === cohort.id)
      if (here?.status === 'withdrawn') rowErrors.push({ key: 'import.row.withdrawn' })
      else if (!here && mine.some((e) => e.status === 'active' || e.status === 'completed')) rowErrors.push({ key: 'import.row.otherCohort' })

      // A place for every row not enrolled yet, counted in file order; a
      // repeated IIN is reported above and needs no second place.
      if (!here && firstIin === undefined) {
        seatsNeeded++
        if (seatsNeeded > free && !fullReported) {
          rowErrors.push({ key: 'import.row.full', params: { capacity: cohort.capacity, free: Math.max(0, free) } })
          fullReported = true
        }
      }
      for (const e of rowErrors) errors.push({ line, ...e })
      if (rowErrors.length === 0) {
        planned.push({ ...clean, userId: existing?.id ?? newId(), isNew: !existing })
      }
    }
    await progress(Math.min(start + CHUNK_ROWS, rows.length))
  }
  if (errors.length) return fail(errors.sort((a, b) => a.line - b.line))
  return ok(planned)
}
