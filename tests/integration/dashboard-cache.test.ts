import { Migrator, sql, type Migration } from 'kysely'
import { describe, expect, test } from 'vitest'
import { dialectOf } from '#db/client.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import { migrations } from '#db/migrations/index.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { write } from '#app/core/work.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { adminOverview } from '#app/modules/admin/overview.server.ts'
import { setUserActive } from '#app/modules/admin/users.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { getDashboard, type Dashboard } from '#app/modules/dashboard/dashboard.server.ts'
import { courseCohorts, regionSchools } from '#app/modules/dashboard/drill-downs.server.ts'
import { listTargets, setTarget } from '#app/modules/dashboard/targets.server.ts'
import { versionedCache } from '#app/modules/dashboard/versioned-cache.server.ts'
import { dashboardVersion } from '#app/modules/dashboard/versions.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'
import { newId } from '#db/ids.server.ts'
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// The dashboard as a lookup (ADR 031): the version moves in the transaction
// that moves the rollups, a change is seen on the very next read, concurrent
// readers of a stale page share one computation, and the cache keeps a
// bounded number of keys.

const db = createTestDb()
const today = () => localIsoDate(now())
const year = () => Number(today().slice(0, 4))

async function dashboard(region: string | null = null, allowed: string[] | null = null): Promise<Dashboard> {
  const answer = await getDashboard(testWork(db), { year: year(), region, allowed })
  if (!answer.ok) throw new Error(answer.error)
  return answer.value
}

async function registeredRollup(): Promise<number> {
  const row = await db
    .selectFrom('metric_monthly_rollups')
    .select((eb) => eb.fn.sum<number>('value').as('n'))
    .where('metric', '=', 'registered_site_users')
    .executeTakeFirst()
  return Number(row?.n ?? 0)
}

const later = <T>(value: T, ms = 20) => new Promise<T>((resolve) => setTimeout(() => resolve(value), ms))

describe('the version of the figures', () => {
  test('moves in the transaction that moves the rollups, and goes back with it', async () => {
    const before = await dashboardVersion(db)
    const rollupBefore = await registeredRollup()
    const id = newId()
    // A raw transaction, to look inside it before the commit and then roll it back.
    await expect(
      db.transaction().execute(async (trx) => {
        await trx
          .insertInto('users')
          .values({
            id,
            email: `${id}@test.orken.kz`,
            iin: null,
            full_name: 'Нұрлан Әбдіков',
            search_text: '',
            phone: null,
            region_code: 'KZ-75',
            school_id: 'sch-kz75-1',
            password_hash: 'x',
            locale: 'kk',
            is_active: 1,
            is_demo: 0,
            created_at: now().toISOString(),
            updated_at: now().toISOString(),
            deactivated_at: null,
          })
          .execute()
        const accountsMoved = await dashboardVersion(trx)
        expect(accountsMoved).toBeGreaterThan(before)
        await refreshMetrics(trx, ['registered_site_users'], [id])
        // PostgreSQL folds a write's rollups and versions in at its COMMIT (migration 0023): folded now, to look.
        if (dialectOf(trx) === 'postgres') await sql`set constraints all immediate`.execute(trx)
        expect(await dashboardVersion(trx)).toBe(accountsMoved + 1)
        throw new Error('roll back')
      }),
    ).rejects.toThrow('roll back')
    expect(await dashboardVersion(db)).toBe(before)
    expect(await registeredRollup()).toBe(rollupBefore)

    // Committed through the unit of work: both move together.
    await createUser(db)
    expect(await registeredRollup()).toBe(rollupBefore + 1)
    expect(await dashboardVersion(db)).toBeGreaterThan(before)
  })

  test('a refresh that changes no rollup leaves the version where it was', async () => {
    const user = await createUser(db)
    const before = await dashboardVersion(db)
    await write(testWork(db), async (tx) => {
      tx.emit({ type: 'user.registered', userIds: [user.id] })
    })
    expect(await dashboardVersion(db)).toBe(before)
  })
})

describe('a cached page is never stale', () => {
  test('the next read after a change sees it; without a change the same page is served', async () => {
    const course = await createTestCourse(db)
    const cohortId = await createTestCohort(db, course, { regionCode: 'KZ-75' })
    // Made first: a new account moves the accounts' version too, and this test is about the rollups alone.
    const user = await createUser(db, { regionCode: 'KZ-75' })
    const enrolledIn = (d: Dashboard, region: string) => d.funnelByRegion.find((f) => f.key === region)?.steps.funnel_enrolled ?? 0
    const total = (d: Dashboard) => d.funnelByCourse.at(-1)!.steps.funnel_enrolled
    const first = await dashboard()
    expect(await dashboard()).toBe(first)

    expect((await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: today() })).ok).toBe(true)
    const second = await dashboard()
    expect(second).not.toBe(first)
    expect(total(second)).toBe(total(first) + 1)
    expect(enrolledIn(second, 'KZ-75')).toBe(enrolledIn(first, 'KZ-75') + 1)
  })

  test('a region page, its schools and a course’s cohorts follow the rollups at once', async () => {
    const course = await createTestCourse(db)
    const courseId = course.slug
    const cohortId = await createTestCohort(db, course, { regionCode: 'KZ-75' })
    const user = await createUser(db, { regionCode: 'KZ-75', schoolId: 'sch-kz75-1' })
    const cohorts = async () => (await courseCohorts(testWork(db), { courseId, allowed: null, year: year() }))!.cohorts
    const schools = async () => {
      const answer = await regionSchools(testWork(db), { region: 'KZ-75', allowed: null, year: year() })
      if (!answer.ok) throw new Error(answer.error)
      return answer.value.schools.find((s) => s.id === 'sch-kz75-1')?.values.teachers_in_events ?? 0
    }
    const funnel = (d: Dashboard) => d.funnelByCourse.find((f) => f.key === courseId)?.steps.funnel_enrolled ?? 0
    const regionBefore = await dashboard('KZ-75')
    const schoolBefore = await schools()
    expect(await cohorts()).toEqual([])

    expect((await enrol(testWork(db), { userId: user.id, cohortId, source: 'admin', today: today() })).ok).toBe(true)
    expect(funnel(await dashboard('KZ-75'))).toBe(funnel(regionBefore) + 1)
    const after = await cohorts()
    expect(after.map((c) => [c.id, c.values.funnel_enrolled])).toEqual([[cohortId, 1]])
    // The page's whole lookup: each cohort's details, the total over all cohorts and the years offered.
    const cohort = await db.selectFrom('cohorts').select(['starts_on', 'ends_on', 'lang']).where('id', '=', cohortId).executeTakeFirstOrThrow()
    expect(after[0]).toMatchObject({ startsOn: cohort.starts_on, endsOn: cohort.ends_on, lang: cohort.lang, region: { kk: 'Алматы' } })
    const page = (await courseCohorts(testWork(db), { courseId, allowed: null, year: year() }))!
    expect(page.total.funnel_enrolled).toBe(1)
    expect(page.years).toContain(year())
    expect((await courseCohorts(testWork(db), { courseId, allowed: ['KZ-11'], year: year() }))!.total.funnel_enrolled).toBe(0)

    // A teacher at one of the institute's events counts for their school.
    await write(testWork(db), async (tx) => {
      const eventId = newId()
      await tx.db
        .insertInto('wellbeing_events')
        .values({
          id: eventId,
          title: 'Балалар құқығы',
          kind: 'seminar',
          held_on: today(),
          region_code: 'KZ-75',
          organiser_id: user.id,
          notes: null,
          created_at: now().toISOString(),
        })
        .execute()
      await tx.db.insertInto('event_participants').values({ event_id: eventId, user_id: user.id }).execute()
      tx.emit({ type: 'event.attendance_recorded', eventId, userIds: [user.id] })
    })
    expect(await schools()).toBe(schoolBefore + 1)
  })

  test('a target set by an admin is on the next page', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const before = await dashboard()
    const targetsBefore = await listTargets(testWork(db))
    const set = await setTarget(testWork(db, { actorId: admin.id }), { metric: 'teachers_trained', year: year(), value: 123_456 })
    expect(set.ok && set.value.changed).toBe(true)
    expect(before.indicators.find((i) => i.key === 'teachers_trained')!.target).not.toBe(123_456)
    expect((await dashboard()).indicators.find((i) => i.key === 'teachers_trained')!.target).toBe(123_456)
    const targetsAfter = await listTargets(testWork(db))
    expect(targetsAfter).not.toBe(targetsBefore)
    expect(targetsAfter.rows.find((r) => r.indicator.key === 'teachers_trained')!.cells.find((c) => c.year === year())!.value).toBe(123_456)
  })

  test('the head counts by role follow an account deactivated, through the triggers', async () => {
    const admin = await createUser(db, { roles: ['admin'] })
    const teachers = async () => (await adminOverview(testWork(db), ['KZ-75'])).roleCounts.find((r) => r.role === 'teacher')!.count
    const user = await createUser(db, { regionCode: 'KZ-75' })
    const before = await teachers()
    expect(await teachers()).toBe(before)
    // No domain event and no rollup: only the trigger on users says the accounts changed.
    await setUserActive(testWork(db, { actorId: admin.id }), user.id, false)
    expect(await teachers()).toBe(before - 1)
  })
})

describe('the cache', () => {
  test('concurrent readers of a stale key share one computation', async () => {
    const cache = versionedCache<number>(8)
    let computed = 0
    const compute = async () => later(++computed)
    const readers = await Promise.all(Array.from({ length: 20 }, () => cache.get(testWork(db), 'page', compute)))
    expect(computed).toBe(1)
    expect(new Set(readers)).toEqual(new Set([1]))

    // The version moves: the entry is stale, and twenty readers again cause one computation.
    await createUser(db)
    const again = await Promise.all(Array.from({ length: 20 }, () => cache.get(testWork(db), 'page', compute)))
    expect(computed).toBe(2)
    expect(new Set(again)).toEqual(new Set([2]))
  })

  test('twenty concurrent readers of the national dashboard get one page', async () => {
    await createUser(db)
    const pages = await Promise.all(Array.from({ length: 20 }, () => dashboard()))
    expect(new Set(pages).size).toBe(1)
  })

  test('keeps at most its bound of keys, dropping the least recently used', async () => {
    const cache = versionedCache<string>(3)
    const computed: string[] = []
    const read = (key: string) =>
      cache.at(1, key, async () => {
        computed.push(key)
        return key
      })
    for (const key of ['a', 'b', 'c']) await read(key)
    await read('a') // used again: 'b' is now the least recently used
    await read('d')
    expect(cache.size).toBe(3)
    await read('a')
    await read('c')
    await read('d')
    expect(computed).toEqual(['a', 'b', 'c', 'd'])
    await read('b')
    expect(computed).toEqual(['a', 'b', 'c', 'd', 'b'])
    expect(cache.size).toBe(3)
  })

  test('a failed computation is not kept, and a newer entry serves a reader of an older version', async () => {
    const cache = versionedCache<string>(3)
    await expect(cache.at(5, 'k', () => Promise.reject(new Error('database gone')))).rejects.toThrow('database gone')
    expect(cache.size).toBe(0)
    expect(await cache.at(5, 'k', async () => 'five')).toBe('five')
    expect(await cache.at(4, 'k', async () => 'four')).toBe('five')
    expect(await cache.at(6, 'k', async () => 'six')).toBe('six')
  })

  test('nothing is kept from inside a transaction, which could still roll back', async () => {
    const cache = versionedCache<number>(3)
    let computed = 0
    await write(testWork(db), async (tx) => {
      await cache.get(tx.work, 'k', async () => ++computed)
      await cache.get(tx.work, 'k', async () => ++computed)
    })
    expect(computed).toBe(2)
    expect(cache.size).toBe(0)
  })
})

test('the migration goes down and up again: the versions, their triggers and the index come and go together', async () => {
  const own = createTestDb()
  const migrator = new Migrator({ db: own, provider: { getMigrations: async () => migrations as Record<string, Migration> } })
  const user = await createUser(own)
  const down = await migrator.migrateTo('0018-mail-delivery')
  expect(down.error).toBeUndefined()
  // An account written would fail if a trigger were left behind without its table.
  await own.updateTable('users').set({ is_active: 1 }).where('id', '=', user.id).execute()
  await expect(dashboardVersion(own)).rejects.toThrow()
  await migrateToLatest(own)
  const before = await dashboardVersion(own)
  await createUser(own)
  expect(await dashboardVersion(own)).toBeGreaterThan(before)
})
