import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { z } from 'zod'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { DAY, now } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { parseIinList, readIinFile } from '#app/modules/auth/iin-list.server.ts'
import type { RecordInput } from '#app/modules/support/activity-form.ts'
import { listActivities } from '#app/modules/support/reading.server.ts'
import { recordActivity } from '#app/modules/support/recording.server.ts'
import { teacherSupport } from '#app/modules/support/teacher-support.server.ts'

/** Who records or reads in a test: the work's actor and their reach (null: everything; []: a trainer's own). */
interface SupportActor {
  userId: string
  regions: string[] | null
}
import { createTestCohort, createTestCourse } from '#tests/fixtures/courses.ts'
import { createUser, TEST_PASSWORD, uniqueIin, type FixtureUser } from '#tests/fixtures/users.ts'
import { startServer, type RunningServer } from '#tests/setup/server.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { metricTotal, refreshMetrics } from '#app/modules/metrics/rollups.server.ts'
import { verifyMetrics } from '#app/modules/metrics/verify.server.ts'
import { testWork } from '#tests/setup/work.ts'

const today = () => localIsoDate(now())
const daysFromToday = (days: number) => localIsoDate(new Date(now().getTime() + days * DAY))

/** Enrols a teacher in a cohort, completed `completedDaysAgo` days ago unless null (then left active). */
async function enrolTeacher(
  db: Database,
  cohortId: string,
  regionCode = 'KZ-75',
  completedDaysAgo: number | null = 10,
): Promise<FixtureUser & { enrolmentId: string }> {
  const teacher = await createUser(db, { regionCode })
  const result = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: today() })
  if (!result.ok) throw new Error(result.error)
  if (completedDaysAgo !== null) {
    const completedAt = new Date(now().getTime() - completedDaysAgo * DAY).toISOString()
    await db.updateTable('enrolments').set({ status: 'completed', completed_at: completedAt }).where('id', '=', result.enrolmentId).execute()
  }
  return { ...teacher, enrolmentId: result.enrolmentId }
}

async function counts(db: Database) {
  const n = async (table: 'support_activities' | 'support_participants') =>
    Number(
      (
        await db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    )
  const audit = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('action', '=', 'support.record')
    .executeTakeFirstOrThrow()
  return { activities: await n('support_activities'), participants: await n('support_participants'), audit: Number(audit.n) }
}

describe('recording support activities', () => {
  const db = createTestDb()
  let course: Awaited<ReturnType<typeof createTestCourse>>
  let trainerA: FixtureUser
  let trainerB: FixtureUser
  let admin: FixtureUser
  let cohortA: string
  let cohortB: string
  let cohortC: string
  let done1: FixtureUser
  let done2: FixtureUser
  let active: FixtureUser
  let otherCohort: FixtureUser
  let almatyTeacher: FixtureUser
  const asTrainerA = (): SupportActor => ({ userId: trainerA.id, regions: [] })
  const input = (overrides: Partial<RecordInput> = {}): RecordInput => ({
    kind: 'mentoring',
    title: 'Сыныптағы ахуал бойынша тәлімгерлік',
    heldOn: today(),
    cohortId: cohortA,
    ...overrides,
  })

  beforeAll(async () => {
    course = await createTestCourse(db)
    trainerA = await createUser(db, { roles: ['trainer'] })
    trainerB = await createUser(db, { roles: ['trainer'], regionCode: 'KZ-11' })
    admin = await createUser(db, { roles: ['admin'] })
    cohortA = await createTestCohort(db, course, { trainerId: trainerA.id, regionCode: 'KZ-75', endsOn: '2099-12-31' })
    cohortB = await createTestCohort(db, course, { trainerId: trainerB.id, regionCode: 'KZ-75', endsOn: '2099-12-31' })
    cohortC = await createTestCohort(db, course, { trainerId: trainerB.id, regionCode: 'KZ-11', endsOn: '2099-12-31' })
    done1 = await enrolTeacher(db, cohortA)
    done2 = await enrolTeacher(db, cohortA)
    active = await enrolTeacher(db, cohortA, 'KZ-75', null)
    otherCohort = await enrolTeacher(db, cohortB)
    almatyTeacher = await enrolTeacher(db, cohortC, 'KZ-11')
  })

  test('records cohort picks and an IIN list in one transaction with an audit row; repeats count once', async () => {
    const before = await counts(db)
    // The teacher still studying is reachable by IIN: the trainer's cohort includes them.
    const result = await recordActivity(
      testWork(db, { actorId: asTrainerA().userId, clientIp: '127.0.0.1' }),
      asTrainerA().regions,
      input({ participantIds: [done1.id, done2.id, done1.id], iins: `${done2.iin}\n ${active.iin} \n\n${active.iin}\n` }),
    )
    expect(result).toMatchObject({ ok: true, value: { participants: 3 } })
    if (!result.ok) return
    const row = await db.selectFrom('support_activities').selectAll().where('id', '=', result.value.activityId).executeTakeFirstOrThrow()
    expect(row).toMatchObject({ kind: 'mentoring', trainer_id: trainerA.id, cohort_id: cohortA, region_code: 'KZ-75', held_on: today(), checklist: null })
    const people = await db.selectFrom('support_participants').select('user_id').where('activity_id', '=', result.value.activityId).execute()
    expect(people.map((p) => p.user_id).sort()).toEqual([done1.id, done2.id, active.id].sort())
    const audit = await db.selectFrom('audit_log').select(['action', 'actor_user_id', 'ip']).where('target_id', '=', result.value.activityId).execute()
    expect(audit).toEqual([{ action: 'support.record', actor_user_id: trainerA.id, ip: '127.0.0.1' }])
    expect(await counts(db)).toEqual({ activities: before.activities + 1, participants: before.participants + 3, audit: before.audit + 1 })
  })

  test('a bad IIN on line 3 is reported with line 3, with every other bad or unknown line, and nothing is written', async () => {
    const before = await counts(db)
    const unknown = uniqueIin()
    const list = [done1.iin, done2.iin, '900514400127', '', unknown, otherCohort.iin, '12345'].join('\n')
    const result = await recordActivity(testWork(db, { actorId: asTrainerA().userId }), asTrainerA().regions, input({ participantIds: [done1.id], iins: list }))
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.error.fieldErrors.iins).toEqual([
      { key: 'support.iin.checksum', params: { line: 3, value: '900514400127' } },
      { key: 'support.iin.unknown', params: { line: 5, value: unknown } },
      { key: 'support.iin.notYours', params: { line: 6, value: otherCohort.iin } },
      { key: 'support.iin.format', params: { line: 7, value: '12345' } },
    ])
    expect(await counts(db)).toEqual(before)
  })

  test('an uploaded CSV is read by its IIN column, in Windows-1251 too; its errors belong to the file', async () => {
    const csv = `ФИО;ИИН\r\nАйгүл;${done1.iin}\r\nБерік;${done2.iin}\r\nДана;90051440012\r\n`
    const cp1251 = new Uint8Array([0xd4, 0xc8, 0xce, 0x3b, 0xc8, 0xc8, 0xcd, 0x0a, ...new TextEncoder().encode(`x;${done1.iin}\n`)])
    expect(readIinFile(cp1251)).toEqual({ ok: true, value: `ФИО;ИИН\nx;${done1.iin}\n` })
    expect(readIinFile(new Uint8Array([0xff, 0xfe, 0x31, 0x00]))).toEqual({ ok: false, error: { key: 'support.file.undecodable' } })
    expect(parseIinList(csv)).toEqual([
      { line: 2, value: done1.iin },
      { line: 3, value: done2.iin },
      { line: 4, value: '90051440012' },
    ])
    expect(parseIinList(`${done1.iin}\tАйгүл Серікова\n9005 1440 0128`)).toEqual([
      { line: 1, value: done1.iin },
      { line: 2, value: '900514400128' },
    ])
    const before = await counts(db)
    const bad = await recordActivity(testWork(db, { actorId: asTrainerA().userId }), asTrainerA().regions, input({ iinFile: csv }))
    expect(bad).toMatchObject({ ok: false, error: { fieldErrors: { iinFile: [{ key: 'support.iin.format', params: { line: 4 } }] } } })
    expect(await counts(db)).toEqual(before)
    const good = await recordActivity(
      testWork(db, { actorId: asTrainerA().userId }),
      asTrainerA().regions,
      input({ cohortId: undefined, iinFile: csv.split('\r\n').slice(0, 3).join('\n') }),
    )
    expect(good).toMatchObject({ ok: true, value: { participants: 2 } })
  })

  test('a date in the future is refused and nothing is written', async () => {
    const before = await counts(db)
    const result = await recordActivity(
      testWork(db, { actorId: asTrainerA().userId }),
      asTrainerA().regions,
      input({ heldOn: daysFromToday(1), participantIds: [done1.id] }),
    )
    expect(result).toMatchObject({ ok: false, error: { fieldErrors: { heldOn: [{ key: 'support.error.futureDate' }] } } })
    expect(await counts(db)).toEqual(before)
  })

  test('a trainer cannot record for another trainer’s cohort, nor tick someone who has not completed the course', async () => {
    const before = await counts(db)
    const foreign = await recordActivity(
      testWork(db, { actorId: asTrainerA().userId }),
      asTrainerA().regions,
      input({ cohortId: cohortB, participantIds: [otherCohort.id] }),
    )
    expect(foreign).toMatchObject({ ok: false, error: { fieldErrors: { cohortId: [{ key: 'support.error.cohortNotYours' }] } } })
    const unfinished = await recordActivity(
      testWork(db, { actorId: asTrainerA().userId }),
      asTrainerA().regions,
      input({ participantIds: [done1.id, active.id] }),
    )
    expect(unfinished).toMatchObject({ ok: false, error: { fieldErrors: { participantIds: [{ key: 'support.error.notCompleted' }] } } })
    // A trainer is always the trainer of what they record, whatever the form says.
    const nobody = await recordActivity(testWork(db, { actorId: asTrainerA().userId }), asTrainerA().regions, input({ trainerId: trainerB.id }))
    expect(nobody).toMatchObject({ ok: false, error: { fieldErrors: {}, formErrors: [{ key: 'support.error.noParticipants' }] } })
    expect(await counts(db)).toEqual(before)
  })

  test('a regional admin records in their region only; an admin anywhere, naming the trainer', async () => {
    const regional = await createUser(db, { roles: ['regional_admin'], regionCode: 'KZ-11' })
    const asRegional: SupportActor = { userId: regional.id, regions: ['KZ-11'] }
    const outside = await recordActivity(
      testWork(db, { actorId: asRegional.userId }),
      asRegional.regions,
      input({ trainerId: trainerA.id, participantIds: [done1.id] }),
    )
    expect(outside).toMatchObject({ ok: false, error: { fieldErrors: { cohortId: [{ key: 'support.error.cohortNotYours' }] } } })
    const inside = await recordActivity(
      testWork(db, { actorId: asRegional.userId }),
      asRegional.regions,
      input({ cohortId: cohortC, trainerId: trainerB.id, participantIds: [almatyTeacher.id] }),
    )
    expect(inside).toMatchObject({ ok: true })
    const noTrainer = await recordActivity(testWork(db, { actorId: admin.id }), null, input({ participantIds: [done1.id] }))
    expect(noTrainer).toMatchObject({ ok: false, error: { fieldErrors: { trainerId: [{ key: 'support.error.trainer' }] } } })
    const byAdmin = await recordActivity(
      testWork(db, { actorId: admin.id }),
      null,
      input({ cohortId: cohortB, trainerId: trainerB.id, iins: `${almatyTeacher.iin}\n${otherCohort.iin}` }),
    )
    expect(byAdmin).toMatchObject({ ok: true, value: { participants: 2 } })
  })

  test('a lesson observation keeps its checklist and needs every item answered', async () => {
    const partial = await recordActivity(
      testWork(db, { actorId: asTrainerA().userId }),
      asTrainerA().regions,
      input({ kind: 'observation', participantIds: [done1.id], checklist: { climate: { answer: 'yes' } } }),
    )
    expect(partial.ok).toBe(false)
    if (partial.ok) return
    expect(Object.keys(partial.error.fieldErrors).sort()).toEqual(
      ['conflict', 'feedback', 'inclusion', 'methods', 'rules', 'wellbeing'].map((id) => `checklist.${id}.answer`),
    )
    const answers = { answer: 'partly' as const, comment: '  Артқы партадағылар тыс қалды  ' }
    const full = await recordActivity(
      testWork(db, { actorId: asTrainerA().userId }),
      asTrainerA().regions,
      input({
        kind: 'observation',
        participantIds: [done1.id],
        checklist: {
          climate: { answer: 'yes' },
          rules: answers,
          inclusion: answers,
          feedback: { answer: 'no' },
          conflict: answers,
          wellbeing: answers,
          methods: answers,
        },
      }),
    )
    expect(full.ok).toBe(true)
    if (!full.ok) return
    const row = await db.selectFrom('support_activities').select('checklist').where('id', '=', full.value.activityId).executeTakeFirstOrThrow()
    const stored = z.object({ items: z.array(z.unknown()) }).parse(JSON.parse(row.checklist ?? 'null'))
    expect(stored.items).toHaveLength(7)
    expect(stored.items.slice(0, 2)).toEqual([
      { id: 'climate', answer: 'yes', comment: null },
      { id: 'rules', answer: 'partly', comment: 'Артқы партадағылар тыс қалды' },
    ])
  })

  test('lists what each may see, with participant counts and filters', async () => {
    const mine = await listActivities(testWork(db, { actorId: asTrainerA().userId }), asTrainerA().regions)
    expect(mine.rows.length).toBeGreaterThan(0)
    expect(mine.rows.every((r) => r.cohort_id !== cohortB && r.cohort_id !== cohortC)).toBe(true)
    expect(mine.rows[0]!.participants).toBeGreaterThan(0)
    const theirs = await listActivities(testWork(db, { actorId: trainerB.id }), [])
    expect(theirs.rows.map((r) => r.cohort_id).sort()).toEqual([cohortB, cohortC].sort())
    const all = await listActivities(testWork(db, { actorId: admin.id }), null)
    expect(all.rows.length).toBe(mine.rows.length + theirs.rows.length)
    const observations = await listActivities(testWork(db, { actorId: asTrainerA().userId }), asTrainerA().regions, { kind: 'observation' })
    expect(observations.rows.map((r) => r.kind)).toEqual(['observation'])
    expect((await listActivities(testWork(db, { actorId: asTrainerA().userId }), asTrainerA().regions, { month: today().slice(0, 7) })).rows.length).toBe(
      mine.rows.length,
    )
    expect((await listActivities(testWork(db, { actorId: asTrainerA().userId }), asTrainerA().regions, { month: '2001-01' })).rows).toEqual([])
  })
})

describe('a teacher’s plan and history', () => {
  const db = createTestDb()

  test('shows the activities they took part in, follow-up surveys still due and dates still ahead', async () => {
    const course = await createTestCourse(db)
    // The fixture course has no surveys; give its (not yet read) version a follow-up schedule.
    const withSurveys = {
      ...course.manifest,
      surveys: {
        followup: [
          { survey: 'course-followup', days: 90 },
          { survey: 'course-followup', days: 180 },
        ],
      },
    }
    await db
      .updateTable('course_versions')
      .set({ manifest: JSON.stringify(withSurveys) })
      .where('id', '=', course.versionId)
      .execute()
    const trainer = await createUser(db, { roles: ['trainer'], fullName: 'Тренер Сәуле' })
    const cohort = await createTestCohort(db, course, { trainerId: trainer.id, endsOn: '2099-12-31' })
    const teacher = await enrolTeacher(db, cohort, 'KZ-75', 100)

    const version = await db.selectFrom('survey_versions').select(['id', 'survey_id']).where('survey_id', '=', 'course-followup').executeTakeFirstOrThrow()
    const assignment = {
      survey_id: version.survey_id,
      survey_version_id: version.id,
      user_id: teacher.id,
      enrolment_id: teacher.enrolmentId,
      course_id: course.slug,
      cohort_id: cohort,
      region_code: 'KZ-75',
      status: 'assigned' as const,
      assigned_at: new Date(now().getTime() - 9 * DAY).toISOString(),
      started_at: null,
      submitted_at: null,
      reminders_sent: 0,
      last_reminded_at: null,
    }
    await db
      .insertInto('survey_assignments')
      .values({ ...assignment, id: newId(), schedule_key: 'followup:90' })
      .execute()
    // Not a follow-up: stays out of the plan.
    await db
      .insertInto('survey_assignments')
      .values({ ...assignment, id: newId(), schedule_key: 'end' })
      .execute()

    const empty = await teacherSupport(testWork(db), teacher.id)
    expect(empty.history).toEqual([])
    expect(empty.plan.due).toHaveLength(1)
    expect(empty.plan.due[0]).toMatchObject({ surveyTitle: { kk: 'Курстан кейінгі мониторинг' }, courseTitle: { kk: 'Сынақ курсы' }, started: false })
    const completedOn = localIsoDate(new Date(now().getTime() - 100 * DAY))
    const in180 = localIsoDate(new Date(Date.parse(`${completedOn}T00:00:00Z`) + 180 * DAY))
    expect(empty.plan.upcoming).toEqual([{ enrolmentId: teacher.enrolmentId, courseTitle: course.manifest.title, days: 180, dueOn: in180 }])

    const recorded = await recordActivity(testWork(db, { actorId: trainer.id }), [], {
      kind: 'webinar',
      title: 'Ата-аналармен жұмыс',
      heldOn: daysFromToday(-3),
      cohortId: cohort,
      participantIds: [teacher.id],
    })
    expect(recorded.ok).toBe(true)
    const after = await teacherSupport(testWork(db), teacher.id)
    expect(after.history).toEqual([
      expect.objectContaining({ kind: 'webinar', title: 'Ата-аналармен жұмыс', trainer_name: 'Тренер Сәуле', held_on: daysFromToday(-3) }),
    ])
  })
})

describe('the strategy metrics', () => {
  const db = createTestDb()
  const admin: SupportActor = { userId: '', regions: null }
  let teachers: Record<'t1' | 't2' | 't3' | 't4', FixtureUser>

  beforeAll(async () => {
    const course = await createTestCourse(db)
    const trainer = await createUser(db, { roles: ['trainer'] })
    admin.userId = (await createUser(db, { roles: ['admin'] })).id
    const almaty = await createTestCohort(db, course, { trainerId: trainer.id, regionCode: 'KZ-75', endsOn: '2099-12-31' })
    const abai = await createTestCohort(db, course, { trainerId: trainer.id, regionCode: 'KZ-10', endsOn: '2099-12-31' })
    const t1 = await enrolTeacher(db, almaty)
    const t2 = await enrolTeacher(db, almaty)
    const t3 = await enrolTeacher(db, abai, 'KZ-10')
    const t4 = await enrolTeacher(db, almaty)
    teachers = { t1, t2, t3, t4 }
    const record = async (heldOn: string, cohortId: string, participantIds: string[], iins = '') => {
      const result = await recordActivity(testWork(db, { actorId: admin.userId }), admin.regions, {
        kind: 'consultation',
        title: 'Кеңес',
        heldOn,
        cohortId,
        trainerId: trainer.id,
        participantIds,
        iins,
      })
      if (!result.ok) throw new Error(JSON.stringify(result))
    }
    await record('2025-01-15', almaty, [t1.id, t2.id])
    await record('2025-02-10', almaty, [t1.id]) // the same teacher again
    await record('2025-02-20', abai, [t3.id], t1.iin) // a teacher supported in another region too
    await record('2025-04-01', almaty, [t4.id])
  })

  const period = (from: string, to: string, regionCodes?: string[]) => ({ from, to, regionCodes })

  test('teachers in post-course support: each teacher once, on the day of the first activity that reached them, in their own region', async () => {
    const supported = (from: string, to: string, regions?: string[]) => metricTotal(db, 'teachers_post_course_support', period(from, to, regions))
    expect(await supported('2025-01-01', '2025-01-31')).toBe(2)
    // t1 again in February (twice) is not counted again; t3 is new.
    expect(await supported('2025-02-01', '2025-02-28')).toBe(1)
    expect(await supported('2025-01-01', '2025-03-31')).toBe(3)
    expect(await supported('2025-02-01', '2025-02-28', ['KZ-10'])).toBe(1)
    expect(await supported('2025-01-01', '2025-12-31', ['KZ-75'])).toBe(3)
    expect(await supported('2020-01-01', '2099-12-31')).toBe(4)
    expect(await supported('2025-05-01', '2099-12-31')).toBe(0)
  })

  test('teachers in monitoring: distinct authors of submitted non-anonymous follow-up responses, in Kazakhstan’s days; anonymous ones are not counted', async () => {
    const { t1, t2, t3, t4 } = teachers
    const survey = await db.selectFrom('survey_versions').select(['id', 'survey_id']).where('survey_id', '=', 'course-followup').executeTakeFirstOrThrow()
    const response = (userId: string | null, regionCode: string, submittedAt: string | null, purpose = 'followup') => ({
      id: newId(),
      survey_id: survey.survey_id,
      survey_version_id: survey.id,
      purpose,
      schedule_key: purpose === 'followup' ? 'followup:90' : purpose,
      course_id: null,
      cohort_id: null,
      region_code: regionCode,
      enrolment_id: null,
      user_id: userId,
      period: (submittedAt ?? '2025-02').slice(0, 7),
      submitted_at: submittedAt,
    })
    await db
      .insertInto('survey_responses')
      .values([
        response(t1.id, 'KZ-75', '2025-02-10T10:00:00.000Z'),
        response(t1.id, 'KZ-75', '2025-03-01T10:00:00.000Z'),
        response(t2.id, 'KZ-75', '2025-02-20T10:00:00.000Z'),
        // 01:00 on 1 February in Almaty: February there, though still January in UTC.
        response(t4.id, 'KZ-75', '2025-01-31T20:00:00.000Z'),
        // Anonymous: no person and only a month; they cannot be counted per teacher.
        response(null, 'KZ-75', null),
        response(null, 'KZ-75', null),
        // Not monitoring.
        response(t3.id, 'KZ-10', '2025-02-15T10:00:00.000Z', 'end'),
      ])
      .execute()
    // What submitResponse does in its transaction.
    await refreshMetrics(db, ['teachers_in_course_monitoring'], [t1.id, t2.id, t3.id, t4.id])
    const monitored = (from: string, to: string, regions?: string[]) => metricTotal(db, 'teachers_in_course_monitoring', period(from, to, regions))
    expect(await monitored('2025-02-01', '2025-02-28')).toBe(3)
    expect(await monitored('2025-01-01', '2025-01-31')).toBe(0)
    expect(await monitored('2025-02-01', '2025-02-28', ['KZ-75'])).toBe(3)
    expect(await monitored('2025-03-01', '2025-03-01')).toBe(0)
    expect(await monitored('2020-01-01', '2099-12-31', ['KZ-10'])).toBe(0)
    expect(await monitored('2020-01-01', '2099-12-31')).toBe(3)
    expect((await verifyMetrics(db)).differences.filter((d) => d.metric.startsWith('teachers_'))).toEqual([])
  })
})

describe('the pages, over HTTP without JavaScript', () => {
  let server: RunningServer
  let db: Database
  let trainer: FixtureUser
  let cohort: string
  let done: FixtureUser[]

  beforeAll(async () => {
    server = await startServer()
    db = openDatabase(server.dbFile)
    const course = await createTestCourse(db)
    trainer = await createUser(db, { roles: ['trainer'] })
    cohort = await createTestCohort(db, course, { trainerId: trainer.id, endsOn: '2099-12-31' })
    done = [await enrolTeacher(db, cohort), await enrolTeacher(db, cohort), await enrolTeacher(db, cohort)]
  }, 30_000)

  afterAll(async () => {
    await db?.destroy()
    await server?.stop()
  })

  async function login(user: FixtureUser): Promise<string> {
    const res = await fetch(`${server.url}/login`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
      body: new URLSearchParams({ login: user.email, password: TEST_PASSWORD }).toString(),
    })
    expect(res.status).toBe(302)
    return res.headers
      .getSetCookie()
      .find((c) => c.startsWith('orken_session='))!
      .split(';')[0]!
  }

  const form = (fields: Record<string, string | string[]>, file?: string) => {
    const body = new FormData()
    for (const [name, value] of Object.entries(fields)) for (const v of [value].flat()) body.append(name, v)
    body.append('iinFile', file === undefined ? new Blob([]) : new Blob([file], { type: 'text/csv' }), file === undefined ? '' : 'list.csv')
    return body
  }

  test('a bad line is refused with 400 in Kazakh and nothing is written; a good form records and shows the activity', async () => {
    const cookie = await login(trainer)
    const page = await fetch(`${server.url}/trainer/support/new?kind=mentoring&cohort=${cohort}`, { headers: { Cookie: cookie } })
    expect(page.status).toBe(200)
    const html = await page.text()
    for (const t of done) expect(html).toContain(t.fullName)

    const post = (body: FormData) =>
      fetch(`${server.url}/trainer/support/new?kind=mentoring&cohort=${cohort}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { Cookie: cookie, Origin: server.url },
        body,
      })
    const fields = { kind: 'mentoring', cohortId: cohort, title: 'Тәлімгерлік кездесу', heldOn: today() }
    const bad = await post(form({ ...fields, participantIds: done[0]!.id, iins: `${done[1]!.iin}\n${done[2]!.iin}\n900514400127` }))
    expect(bad.status).toBe(400)
    expect(await bad.text()).toContain('3-жол: 900514400127 ЖСН қате')
    expect((await counts(db)).activities).toBe(0)

    const future = await post(form({ ...fields, heldOn: daysFromToday(2), participantIds: done[0]!.id }))
    expect(future.status).toBe(400)
    expect(await future.text()).toContain('Өткізілген күн болашақта бола алмайды.')

    const good = await post(form({ ...fields, participantIds: [done[0]!.id, done[1]!.id] }, `ЖСН\n${done[2]!.iin}\n`))
    expect(good.status).toBe(302)
    const location = good.headers.get('location')!
    expect(location).toMatch(/^\/trainer\/support\/[a-z2-7]{16}\?recorded=1$/)
    const details = await (await fetch(server.url + location, { headers: { Cookie: cookie } })).text()
    expect(details).toContain('Іс-шара тіркелді.')
    expect(details).toContain('Қатысушылар (3)')
    const list = await (await fetch(`${server.url}/trainer/support?kind=mentoring`, { headers: { Cookie: cookie } })).text()
    expect(list).toContain('Тәлімгерлік кездесу')

    const mine = await (await fetch(`${server.url}/support`, { headers: { Cookie: await login(done[2]!) } })).text()
    expect(mine).toContain('Курстан кейінгі сүйемелдеу')
    expect(mine).toContain('Тәлімгерлік кездесу')
  })

  test('a teacher may not open the trainer’s pages', async () => {
    const cookie = await login(done[0]!)
    expect((await fetch(`${server.url}/trainer/support`, { headers: { Cookie: cookie } })).status).toBe(403)
    expect((await fetch(`${server.url}/trainer/support/new`, { headers: { Cookie: cookie } })).status).toBe(403)
  })
})
