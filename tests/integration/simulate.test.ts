import { beforeAll, describe, expect, test } from 'vitest'
import { sql } from 'kysely'
import { isValidIin } from '#app/modules/auth/iin.ts'
import { metricTotal } from '#app/modules/metrics/rollups.server.ts'
import { verifyMetrics } from '#app/modules/metrics/verify.server.ts'
import { checkAnswers } from '#app/modules/surveys/answer-check.server.ts'
import { versionDefinition } from '#app/modules/surveys/source.server.ts'
import { simulatedAnswers } from '#tools/simulate/answers.ts'
import { Random } from '#tools/simulate/random.ts'
import { SCALES } from '#tools/simulate/scale.ts'
import { SimulationRefused, simulate, type SimulationSummary } from '#tools/simulate/simulate.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'

// The small scale on fresh copies of the template database (regions, demo
// schools and the published courses; no accounts): what it writes must be
// what the metrics say, to the attendance, and it must refuse to run twice.

const SEED = 'simulate-test'
const small = SCALES.small
const db = createTestDb()
let summary: SimulationSummary

beforeAll(async () => {
  summary = await simulate(db, { scale: 'small', seed: SEED })
}, 60_000)

const count = async (query: ReturnType<typeof sql<{ n: number }>>) => Number((await query.execute(db)).rows[0]?.n ?? 0)

describe('the small scale', () => {
  test('makes its teachers, each trained once in the strategy years, and the accounts that never finish', async () => {
    const teachers = await count(
      sql<{ n: number }>`select count(distinct c.user_id) as n from certificates c where c.kind = 'certificate' and c.status = 'valid'`,
    )
    expect(teachers).toBe(small.teachers)
    expect(await metricTotal(db, 'teachers_trained', { from: '2025-01-01', to: '2027-12-31' })).toBe(small.teachers)
    const accounts = await count(
      sql<{ n: number }>`select count(*) as n from users u join user_roles r on r.user_id = u.id where r.role = 'teacher' and u.email like '%@sim.orken.kz'`,
    )
    expect(accounts).toBe(small.teachers + small.extrasEnrolled + small.extrasIdle)
    const iins = await db.selectFrom('users').select('iin').where('email', 'like', '%@sim.orken.kz').execute()
    expect(iins.every((u) => u.iin && isValidIin(u.iin))).toBe(true)
    expect(new Set(iins.map((u) => u.iin)).size).toBe(iins.length)
    expect(summary.rows.find((r) => r.table === 'enrolments')!.count).toBeGreaterThan(small.teachers)
  })

  test('leaves rollups that metrics:verify recomputes with no difference', async () => {
    const report = await verifyMetrics(db)
    expect(report.differences).toEqual([])
    expect(report.totalDifferences).toBe(0)
  })

  test("records exactly the attendances of its scale, within every centre's capacity", async () => {
    const heads = await count(sql<{ n: number }>`select sum(head_count) as n from parent_sessions where counted = 1`)
    const rolled = await count(sql<{ n: number }>`select sum(value) as n from metric_rollups where metric = 'parent_attendances'`)
    expect(rolled).toBe(heads)
    expect(heads).toBe(small.attendances)
    expect(await count(sql<{ n: number }>`select count(*) as n from parent_sessions`)).toBe(small.parentSessions)
    expect(
      await count(sql<{ n: number }>`select count(*) as n from parent_sessions s join parent_centres c on c.id = s.centre_id where s.head_count > c.capacity`),
    ).toBe(0)
    expect(await count(sql<{ n: number }>`select count(*) - count(distinct code) as n from parent_sessions`)).toBe(0)
  })

  test('numbers certificates uniquely and without gaps, with the counters at the last number of each year', async () => {
    expect(await count(sql<{ n: number }>`select count(*) - count(distinct number) as n from certificates`)).toBe(0)
    const years = await sql<{ year: number; n: number; top: number; last_seq: number | null }>`
      select c.year, count(*) as n, max(c.seq) as top, k.last_seq from certificates c left join certificate_counters k on k.year = c.year group by c.year, k.last_seq`.execute(
      db,
    )
    expect(years.rows.length).toBeGreaterThan(0)
    for (const y of years.rows) {
      expect(Number(y.top)).toBe(Number(y.n))
      expect(y.last_seq).toBe(Number(y.n))
    }
    const numbers = await db.selectFrom('certificates').select(['number', 'year', 'seq', 'issued_at']).execute()
    for (const c of numbers) expect(c.number).toBe(`ORK-${c.year}-${String(c.seq).padStart(6, '0')}`)
  })

  test('keeps every date inside the strategy years', async () => {
    const bounds = await sql<{ lo: string; hi: string }>`
      select min(t) as lo, max(t) as hi from (
        select created_at as t from users where email like '%@sim.orken.kz'
        union all select enrolled_at from enrolments union all select coalesce(ended_at, enrolled_at) from enrolments
        union all select issued_at from certificates union all select submitted_at from survey_responses where submitted_at is not null
        union all select held_on from support_activities union all select held_on from wellbeing_events union all select held_on from parent_sessions
      ) dates`.execute(db)
    expect(bounds.rows[0]!.lo >= '2025-01-01').toBe(true)
    expect(bounds.rows[0]!.hi <= '2027-12-31T19:00:00.000Z').toBe(true)
  })

  test('answers surveys the way the answering form accepts', async () => {
    const rng = new Random(SEED)
    for (const v of await db.selectFrom('survey_versions').select('id').execute()) {
      const def = (await versionDefinition(db, v.id))!
      for (const stage of ['pre', 'end', 'followup'] as const) expect(checkAnswers(def, simulatedAnswers(rng, def, stage, 'kk'), { final: true })).toBeNull()
    }
  })

  test('refuses to run again on the same database', async () => {
    await expect(simulate(db, { scale: 'small', seed: SEED })).rejects.toThrow(SimulationRefused)
  })
})

describe('another database', () => {
  const other = createTestDb()

  test('with real teachers is refused unless forced', async () => {
    await createUser(other, { roles: ['teacher'] })
    await expect(simulate(other, { scale: 'small', seed: SEED })).rejects.toThrow(/real teacher/)
  })

  test('stopped at an earlier day gets the same world up to that day, and nothing after it', async () => {
    await simulate(other, { scale: 'small', seed: SEED, until: '2026-06-30', force: true })
    const first = await db
      .selectFrom('users')
      .select(['id', 'full_name', 'iin', 'created_at'])
      .where('email', 'like', '%@sim.orken.kz')
      .where('created_at', '<=', '2026-06-30T18:59:59.999Z')
      .orderBy('id')
      .execute()
    const stopped = await other
      .selectFrom('users')
      .select(['id', 'full_name', 'iin', 'created_at'])
      .where('email', 'like', '%@sim.orken.kz')
      .orderBy('id')
      .execute()
    expect(stopped).toEqual(first)
    const late = await sql<{ n: number }>`
      select (select count(*) from certificates where issued_at > '2026-06-30T18:59:59.999Z')
           + (select count(*) from parent_sessions where held_on > '2026-06-30')
           + (select count(*) from enrolments where enrolled_at > '2026-06-30T18:59:59.999Z') as n`.execute(other)
    expect(Number(late.rows[0]!.n)).toBe(0)
    expect((await verifyMetrics(other)).totalDifferences).toBe(0)
  }, 30_000)
})
