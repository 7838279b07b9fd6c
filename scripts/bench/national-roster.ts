// The national roster the benchmarks import: 2,000 schools with BINs, cohorts
// of one course, and a CSV of teachers with valid IINs (half the schools by
// BIN, half by name; regions by code and by name; the cohort by a column).
// Shared by bench:import and bench:event-loop.
import { newId } from '#db/ids.server.ts'
import type { Database } from '#db/client.server.ts'
import { iinCheckDigit } from '#app/modules/auth/iin.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

export const NATIONAL_ROWS = 52_400
export const NATIONAL_SCHOOLS = 2_000

export interface BenchSchool {
  id: string
  bin: string
  region: string
  regionName: string
  name: string
}

/** Twelve digits whose last is the IIN/BIN check digit of the first eleven. */
export function withCheckDigit(first11: string): string | null {
  const check = iinCheckDigit(first11)
  return check === null ? null : first11 + check
}

/** `count` different valid IINs. */
export function benchIins(count: number): string[] {
  const out: string[] = []
  for (let n = 0; out.length < count; n++) {
    const born = new Date(Date.UTC(1960, 0, 1) + (n % 12_000) * 86_400_000)
    const yymmdd = born.toISOString().slice(2, 10).replace(/-/g, '')
    const iin = withCheckDigit(`${yymmdd}${n % 2 ? 3 : 4}${String(Math.floor(n / 12_000)).padStart(4, '0')}`)
    if (iin) out.push(iin)
  }
  return out
}

/** Inserts `count` schools with BINs, spread over the regions (the regions must be there: insertFixtureSchools). */
export async function insertBenchSchools(db: Database, count = NATIONAL_SCHOOLS): Promise<BenchSchool[]> {
  const regions = await db.selectFrom('regions').select(['code', 'name_kk']).orderBy('sort').execute()
  const created = nowIso()
  const schools: BenchSchool[] = []
  for (let i = 0; schools.length < count; i++) {
    const bin = withCheckDigit(`${String(100_540_000 + i).padStart(9, '0')}01`.slice(0, 11))
    if (!bin) continue
    const region = regions[schools.length % regions.length]!
    schools.push({
      id: `bench-sch-${schools.length}`,
      bin,
      region: region.code,
      regionName: region.name_kk,
      name: `№ ${schools.length + 1} жалпы білім беретін мектеп`,
    })
  }
  for (let i = 0; i < schools.length; i += 500) {
    await db
      .insertInto('schools')
      .values(
        schools.slice(i, i + 500).map((s) => ({
          id: s.id,
          bin: s.bin,
          region_code: s.region,
          district: null,
          name_kk: s.name,
          name_ru: `Школа № ${s.name}`,
          name_en: s.name,
          is_demo: 0,
          created_at: created,
        })),
      )
      .execute()
  }
  return schools
}

/** A cohort row of `course`'s current version, open for years. */
export async function benchCohortRow(db: Database, course: string, title: string, capacity: number) {
  const version = (await db.selectFrom('courses').select('current_version_id').where('id', '=', course).executeTakeFirstOrThrow()).current_version_id!
  return {
    id: newId(),
    course_id: course,
    course_version_id: version,
    title,
    lang: 'kk' as const,
    starts_on: '2026-01-01',
    ends_on: '2030-12-31',
    trainer_id: null,
    capacity,
    region_code: 'KZ-75',
    status: 'open' as const,
    created_by: null,
    created_at: nowIso(),
  }
}

/** The national file as CSV bytes: № column, Kazakh headers, a BIN column, a school name column and a cohort column. */
export function nationalRosterCsv(rows: number, schools: BenchSchool[], cohortIds: string[]): Uint8Array<ArrayBuffer> {
  const people = benchIins(rows)
  const lines = ['№;ЖСН;Т.А.Ә.;Электрондық пошта;Облыс;БСН;Мектеп;Ағын']
  for (let i = 0; i < rows; i++) {
    const s = schools[i % schools.length]!
    const byBin = i % 2 === 0
    // Regions by code and by name; schools by BIN and by name (one school per name within its region here).
    lines.push(
      [
        i + 1,
        people[i],
        `Педагог${i} Тегі Әкесінің`,
        `teacher${i}@national.example.kz`,
        i % 3 ? s.region : s.regionName,
        byBin ? s.bin : '',
        byBin ? '' : s.id,
        cohortIds[i % cohortIds.length]!,
      ].join(';'),
    )
  }
  return new TextEncoder().encode(`${lines.join('\r\n')}\r\n`)
}
