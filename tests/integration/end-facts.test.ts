import { beforeAll, describe, expect, test } from 'vitest'
import type { Database } from '#db/client.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import type { CourseManifest } from '#app/modules/content/manifest.ts'
import { personAttempts } from '#app/modules/courses/attempts.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { enrolmentFacts, requiredActivities } from '#app/modules/courses/next-step.server.ts'
import { ensureAssignment } from '#app/modules/surveys/scheduler.server.ts'
import { createTestCohort } from '#tests/fixtures/courses.ts'
import { createUser, type FixtureUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

// A lesson page reads an enrolment's end facts (its end survey, its document,
// its required activities done) with the person's attempts, in one statement
// (personAttempts' endOf); every other page reads them on their own
// (next-step.server.ts). Both must say the same at every stage.

const COURSE = 'bullying-prevention'
let db: Database
let manifest: CourseManifest
let versionId: string
let cohortId: string
let trainer: FixtureUser

beforeAll(async () => {
  db = createTestDb()
  versionId = (await db.selectFrom('courses').select('current_version_id').where('id', '=', COURSE).executeTakeFirstOrThrow()).current_version_id!
  manifest = (await versionManifest(db, versionId))!
  cohortId = await createTestCohort(db, { slug: COURSE, versionId }, { endsOn: '2099-12-31' })
  trainer = await createUser(db, { roles: ['trainer'] })
})

describe('an enrolment’s end facts read with the attempts', () => {
  test('match the facts read on their own: nothing yet, activities done (missed ones and those outside the plan not counted), the end survey, the document', async () => {
    const teacher = await createUser(db)
    const enrolled = await enrol(testWork(db), { userId: teacher.id, cohortId, source: 'admin', today: '2026-01-10' })
    if (!enrolled.ok) throw new Error(enrolled.error)
    const enrolmentId = enrolled.enrolmentId
    const enrolment = await db
      .selectFrom('enrolments')
      .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
      .select([
        'enrolments.id',
        'enrolments.user_id',
        'enrolments.course_id',
        'enrolments.status',
        'enrolments.started_at',
        'enrolments.ended_at',
        'cohorts.course_version_id',
        'cohorts.starts_on',
        'cohorts.ends_on',
      ])
      .where('enrolments.id', '=', enrolmentId)
      .executeTakeFirstOrThrow()
    const required = requiredActivities(manifest)
    expect(required.length).toBeGreaterThan(2)

    const both = async () => {
      const read = await personAttempts(testWork(db), { userId: teacher.id, courseId: COURSE }, { endOf: { enrolmentId, requiredActivities: required } })
      const alone = await enrolmentFacts(testWork(db), enrolment, manifest)
      const along = await enrolmentFacts(testWork(db), enrolment, manifest, undefined, read.end)
      expect(along).toEqual(alone)
      return { end: read.end, facts: alone }
    }

    const fresh = await both()
    expect(fresh.end).toEqual({ survey: null, document: null, activitiesDone: 0 })
    expect(fresh.facts.activitiesLeft).toBe(required.length)

    const record = (activityId: string, outcome: 'done' | 'missed') =>
      db
        .insertInto('activity_records')
        .values({ enrolment_id: enrolmentId, activity_id: activityId, outcome, held_on: '2026-02-01', recorded_by: trainer.id, recorded_at: nowIso() })
        .execute()
    await record(required[0]!, 'done')
    await record(required[1]!, 'missed')
    await record('not-in-the-plan', 'done')
    const attended = await both()
    expect(attended.end?.activitiesDone).toBe(1)
    expect(attended.facts.activitiesLeft).toBe(required.length - 1)

    await ensureAssignment(db, { id: enrolmentId, user_id: teacher.id, course_id: COURSE, cohort_id: cohortId, region_code: 'KZ-75' }, 'end', 'course-end')
    const surveyed = await both()
    expect(surveyed.end?.survey).toMatchObject({ status: 'assigned' })
    expect(surveyed.facts.endSurvey).toMatchObject({ submitted: false })

    await db.updateTable('enrolments').set({ status: 'completed', ended_at: nowIso() }).where('id', '=', enrolmentId).execute()
    expect(await issueCertificate(testWork(db), enrolmentId)).toBeTruthy()
    const documented = await both()
    const certificate = await db.selectFrom('certificates').select('id').where('enrolment_id', '=', enrolmentId).executeTakeFirstOrThrow()
    expect(documented.end?.document).toEqual({ id: certificate.id, kind: 'certificate', status: 'valid' })
  })
})
