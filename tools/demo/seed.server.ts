import fs from 'node:fs'
import type { Database } from '#db/client.server.ts'
import { write, type Tx, type Work } from '#app/core/work.server.ts'
import { newId } from '#db/ids.server.ts'
import type { Role } from '#db/schema.ts'
import { hashPassword } from '#app/modules/auth/password.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { userSearchText } from '#app/modules/auth/users.server.ts'
import { readRegistryFile } from '#app/modules/registry/registry-file.server.ts'
import { getRegistryJob, startRegistryImport } from '#app/modules/registry/registry.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { parentLessonChoices, recordSession } from '#app/modules/parents/sessions.server.ts'
import { actingAs } from '#app/core/work.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'
import { DEMO_REGISTRY_FILE } from './make-registry.ts'

export const DEFAULT_DEMO_PASSWORD = 'orken-demo-2026'

export interface DemoAccount {
  role: Role
  email: string
  iin: string | null
  fullName: string
  regionCode: string | null
  schoolId: string | null
}

/** The school the demo's teacher, parent and coordinator belong to: set once the registry is in. */
const DEMO_SCHOOL = 'demo-school'

// One account per role. The IINs carry valid check digits.
export const demoAccounts: DemoAccount[] = [
  { role: 'admin', email: 'admin@demo.orken.kz', iin: null, fullName: 'Сәуле Ахметова', regionCode: 'KZ-71', schoolId: null },
  { role: 'regional_admin', email: 'region@demo.orken.kz', iin: null, fullName: 'Ермек Жұмабаев', regionCode: 'KZ-75', schoolId: null },
  { role: 'trainer', email: 'trainer@demo.orken.kz', iin: null, fullName: 'Гүлнар Сейітова', regionCode: 'KZ-75', schoolId: null },
  { role: 'teacher', email: 'teacher@demo.orken.kz', iin: '900514400128', fullName: 'Айгерім Нұрланқызы', regionCode: 'KZ-75', schoolId: DEMO_SCHOOL },
  { role: 'parent', email: 'parent@demo.orken.kz', iin: null, fullName: 'Дәурен Қасымов', regionCode: 'KZ-75', schoolId: DEMO_SCHOOL },
  { role: 'coordinator', email: 'coordinator@demo.orken.kz', iin: null, fullName: 'Мәдина Омарова', regionCode: 'KZ-75', schoolId: DEMO_SCHOOL },
]

/**
 * Imports the demo registry (tools/demo/registry.csv) through the registry
 * import, as an admin would, and returns the school the demo accounts use:
 * the first open one of Almaty by BIN, else (a district reference without
 * Almaty's districts) the first open one of any region.
 */
async function importDemoRegistry(work: Work): Promise<{ id: string; region_code: string }> {
  // A database that has schools already (the tests' fixture schools, a registry
  // imported by hand) keeps them: the demo accounts join one of those.
  const known = await work.db.selectFrom('schools').select('id').limit(1).executeTakeFirst()
  if (!known) await importRegistryFile(work)
  const open = work.db.selectFrom('schools').select(['id', 'region_code']).where('closed_at', 'is', null)
  const school = (await open.where('region_code', '=', 'KZ-75').orderBy('bin').executeTakeFirst()) ?? (await open.orderBy('bin').executeTakeFirst())
  if (!school) throw new Error('The demo registry has no open school.')
  return school
}

async function importRegistryFile(work: Work): Promise<void> {
  const table = await readRegistryFile(new Uint8Array(fs.readFileSync(DEMO_REGISTRY_FILE)))
  if (!table.ok) throw new Error(`The demo registry could not be read: ${table.error.key}`)
  const started = await startRegistryImport(work, table.value, { fileName: 'registry.csv', full: false, sheet: null })
  if (!started.ok) throw new Error(`The demo registry was not imported: ${started.error.key}`)
  await started.value.done
  const job = await getRegistryJob(work, started.value.jobId)
  if (job?.result?.kind !== 'counts') throw new Error(`The demo registry was refused (run npm run demo:registry): ${JSON.stringify(job?.result).slice(0, 500)}`)
}

/**
 * Opens a Kazakh and a Russian cohort of every published teacher course in
 * Almaty, run by the demo trainer, and enrols the demo teacher in the first.
 */
async function seedDemoCohorts(tx: Tx, stamp: string, regionCode: string) {
  const trx = tx.db
  const trainer = await trx.selectFrom('users').select('id').where('email', '=', 'trainer@demo.orken.kz').executeTakeFirst()
  const teacher = await trx.selectFrom('users').select('id').where('email', '=', 'teacher@demo.orken.kz').executeTakeFirst()
  const courses = await trx
    .selectFrom('courses')
    .select(['id', 'current_version_id'])
    .where('audience', '=', 'teachers')
    .where('current_version_id', 'is not', null)
    .orderBy('id')
    .execute()
  const start = new Date(stamp)
  const day = (offset: number) => new Date(start.getTime() + offset * 86_400_000).toISOString().slice(0, 10)
  let first = true
  for (const course of courses) {
    for (const lang of ['kk', 'ru'] as const) {
      const cohortId = `demo-${course.id}-${lang}`
      await trx
        .insertInto('cohorts')
        .values({
          id: cohortId,
          course_id: course.id,
          course_version_id: course.current_version_id!,
          title: lang === 'kk' ? 'Алматы, қазақ тобы (демо)' : 'Алматы, русский поток (демо)',
          lang,
          starts_on: day(-7),
          ends_on: day(60),
          trainer_id: trainer?.id ?? null,
          capacity: 30,
          region_code: regionCode,
          status: 'open',
          created_by: null,
          created_at: stamp,
        })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute()
      if (first && teacher) {
        await enrol(tx.work, { userId: teacher.id, cohortId, source: 'admin', today: day(0) })
        first = false
      }
    }
  }
  // The demo trainer authors every course, so the editor can be tried at once.
  if (trainer) {
    for (const course of await trx.selectFrom('courses').select('id').execute()) {
      await trx
        .insertInto('course_editors')
        .values({ course_id: course.id, user_id: trainer.id, added_by: null, added_at: stamp })
        .onConflict((oc) => oc.columns(['course_id', 'user_id']).doNothing())
        .execute()
    }
  }
}

/**
 * A few parent lessons held at the demo coordinator's school over the last
 * weeks, so the centre page and the attendance report have something to show.
 */
async function seedDemoParentSessions(work: Work, stamp: string, schoolId: string) {
  const { db } = work
  const coordinator = await db.selectFrom('users').select('id').where('email', '=', 'coordinator@demo.orken.kz').executeTakeFirst()
  const series = (await parentLessonChoices(work)).find((s) => s.lessons.length)
  if (!coordinator || !series) return
  const day = (offset: number) => localIsoDate(new Date(new Date(stamp).getTime() + offset * 86_400_000))
  const held = [
    { offset: -28, headCount: 34, facilitator: 'Мәдина Омарова' },
    { offset: -14, headCount: 41, facilitator: 'Мәдина Омарова' },
    { offset: -3, headCount: 27, facilitator: 'Айгерім Сапарова' },
  ]
  for (const [i, h] of held.entries()) {
    const lesson = series.lessons[i % series.lessons.length]!
    await recordSession(actingAs(work, coordinator.id, null), {
      schoolId,
      source: 'form',
      session: {
        courseId: series.courseId,
        lessonKey: lesson.key,
        heldOn: day(h.offset),
        facilitator: h.facilitator,
        headCount: h.headCount,
        notes: null,
        clientKey: `demo-session-${i + 1}`,
      },
    })
  }
}

export async function isDatabaseEmpty(db: Database): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  return !row
}

/**
 * Seeds the demo registry's schools and one account per role (marked demo).
 * Refuses to run in production; callers run it only on an empty database.
 */
export async function seedDemo(work: Work, password: string): Promise<DemoAccount[]> {
  if (work.config.production) throw new Error('The demo seed never runs when NODE_ENV=production.')
  const school = await importDemoRegistry(work)
  // The accounts of Almaty live in the demo school's region.
  const accounts = demoAccounts.map((a) => ({
    ...a,
    regionCode: a.regionCode === 'KZ-75' ? school.region_code : a.regionCode,
    schoolId: a.schoolId === DEMO_SCHOOL ? school.id : a.schoolId,
  }))
  const passwordHash = await hashPassword(password)
  const stamp = nowIso()
  await write(work, async (tx) => {
    const trx = tx.db
    for (const a of accounts) {
      const id = newId()
      await trx
        .insertInto('users')
        .values({
          id,
          email: a.email,
          iin: a.iin,
          full_name: a.fullName,
          search_text: userSearchText(a.fullName, a.email, a.iin),
          phone: null,
          region_code: a.regionCode,
          school_id: a.schoolId,
          password_hash: passwordHash,
          locale: 'kk',
          is_active: 1,
          is_demo: 1,
          created_at: stamp,
          updated_at: stamp,
          deactivated_at: null,
        })
        .onConflict((oc) => oc.column('email').doNothing())
        .execute()
      const scope = a.role === 'regional_admin' ? `region:${a.regionCode}` : a.role === 'coordinator' ? `school:${a.schoolId}` : ''
      const user = await trx.selectFrom('users').select('id').where('email', '=', a.email).executeTakeFirstOrThrow()
      await refreshMetrics(trx, ['registered_site_users'], [user.id])
      await trx
        .insertInto('user_roles')
        .values({
          id: newId(),
          user_id: user.id,
          role: a.role,
          scope,
          region_code: a.role === 'regional_admin' ? a.regionCode : null,
          school_id: a.role === 'coordinator' ? a.schoolId : null,
          granted_by: null,
          granted_at: stamp,
        })
        .onConflict((oc) => oc.columns(['user_id', 'role', 'scope']).doNothing())
        .execute()
    }
    await seedDemoCohorts(tx, stamp, school.region_code)
    await trx
      .insertInto('app_settings')
      .values({ key: 'demo_seeded_at', value: stamp })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: stamp }))
      .execute()
  })
  // Sessions are recorded as writes of their own (a write opens its own transaction); their client keys make a rerun add none.
  await seedDemoParentSessions(work, stamp, school.id)
  return accounts
}
