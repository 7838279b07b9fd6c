import { sql } from 'kysely'
import { dialectOf } from '#db/client.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { prepared } from '#db/prepared.server.ts'
import { MINUTE, now } from '#app/modules/clock/clock.server.ts'
import { flatLessons, minTimeShare, type CourseManifest, type ManifestLesson } from '#app/modules/content/manifest.ts'

// Time on task, kept by the server and needing no JavaScript: each lesson
// request (a page served, a form posted) notes which lesson is open; the time
// until the learner's next lesson request is credited to the lesson that was
// open, up to IDLE_CAP (a learner who walks away is not studying). A lesson may
// be marked done once its time reaches the course's share of its minutes.

/** The most one gap between two lesson requests may credit. */
export const IDLE_CAP_MS = 30 * MINUTE

/** The seconds a lesson needs before it may be marked done. */
export function requiredSeconds(manifest: CourseManifest, lesson: Pick<ManifestLesson, 'minutes'>): number {
  return Math.ceil(lesson.minutes * 60 * minTimeShare(manifest))
}

/** Every lesson's required seconds added up: the course's minimum time on task. */
export function courseRequiredSeconds(manifest: CourseManifest): number {
  return flatLessons(manifest).reduce((sum, { lesson }) => sum + requiredSeconds(manifest, lesson), 0)
}

// A page view's statements on SQLite, built once (db/prepared.server.ts).
const openRead = prepared((db, enrolmentId: string, moduleId: string, lessonId: string) =>
  db
    .selectFrom('lesson_opens')
    .leftJoin('lesson_time', (join) =>
      join
        .onRef('lesson_time.enrolment_id', '=', 'lesson_opens.enrolment_id')
        .on('lesson_time.module_id', '=', moduleId)
        .on('lesson_time.lesson_id', '=', lessonId),
    )
    .select(['lesson_opens.module_id', 'lesson_opens.lesson_id', 'lesson_opens.opened_at', 'lesson_time.seconds'])
    .where('lesson_opens.enrolment_id', '=', enrolmentId),
)
// Compare and set: moves the open row only from the value read; a row back when it moved.
const openMove = prepared((db, moduleId: string, lessonId: string, stamp: string, enrolmentId: string, openedAt: string) =>
  db
    .updateTable('lesson_opens')
    .set({ module_id: moduleId, lesson_id: lessonId, opened_at: stamp })
    .where('enrolment_id', '=', enrolmentId)
    .where('opened_at', '=', openedAt)
    .returning('enrolment_id'),
)
const timeCredit = prepared((db, enrolmentId: string, moduleId: string, lessonId: string, seconds: number, stamp: string) =>
  db
    .insertInto('lesson_time')
    .values({ enrolment_id: enrolmentId, module_id: moduleId, lesson_id: lessonId, seconds, updated_at: stamp })
    .onConflict((oc) =>
      oc
        .columns(['enrolment_id', 'module_id', 'lesson_id'])
        .doUpdateSet({ seconds: sql<number>`lesson_time.seconds + excluded.seconds`, updated_at: sql<string>`excluded.updated_at` }),
    ),
)

const firstOpen = prepared((db, enrolmentId: string, moduleId: string, lessonId: string, stamp: string) =>
  db
    .insertInto('lesson_opens')
    .values({ enrolment_id: enrolmentId, module_id: moduleId, lesson_id: lessonId, opened_at: stamp })
    .onConflict((oc) => oc.column('enrolment_id').doNothing()),
)
/**
 * The enrolment's position (for "resume where you left off") moved to a
 * lesson, and its start made when it has none. A start is queued for the
 * funnel by the database's trigger on started_at (migration 0027, ADR 043).
 */
export const positionUpdate = prepared((db, moduleId: string, lessonId: string, at: string, id: string) =>
  db
    .updateTable('enrolments')
    .set({ last_module_id: moduleId, last_lesson_id: lessonId, last_activity_at: at, started_at: sql<string>`coalesce(started_at, ${at})` })
    .where('id', '=', id),
)
const secondsRead = prepared((db, enrolmentId: string, moduleId: string, lessonId: string) =>
  db.selectFrom('lesson_time').select('seconds').where('enrolment_id', '=', enrolmentId).where('module_id', '=', moduleId).where('lesson_id', '=', lessonId),
)

/**
 * A lesson request from a learner: credits the time since their previous
 * lesson request (capped) to the lesson then open, and notes this lesson as
 * open now. Two requests at once credit the gap once: the open row moves only
 * from the value read (compare and set). Returns the seconds now credited to
 * the requested lesson, which its page shows. `position`: the lesson becomes
 * the enrolment's position too (positionUpdate), in the same write.
 */
export async function noteLessonRequest(
  work: Work,
  enrolmentId: string,
  moduleId: string,
  lessonId: string,
  { position = false }: { position?: boolean } = {},
): Promise<number> {
  const at = now()
  const stamp = at.toISOString()
  if (!work.unit && dialectOf(work.db) === 'postgres') return noteInOneStatement(work, enrolmentId, moduleId, lessonId, stamp, position)
  return write(work, async (tx) => {
    const trx = tx.db
    if (position) await positionUpdate.all(trx, moduleId, lessonId, stamp, enrolmentId)
    // The open lesson and the requested lesson's seconds so far, in one read.
    const open = await openRead.first(trx, enrolmentId, moduleId, lessonId)
    if (!open) {
      await firstOpen.all(trx, enrolmentId, moduleId, lessonId, stamp)
      return lessonSeconds(tx.work, enrolmentId, moduleId, lessonId)
    }
    const before = open.seconds ?? 0
    const moved = await openMove.first(trx, moduleId, lessonId, stamp, enrolmentId, open.opened_at)
    if (!moved) return before
    // A clock moved back (tests, a corrected server clock) credits nothing.
    const seconds = Math.floor(Math.min(IDLE_CAP_MS, Math.max(0, at.getTime() - Date.parse(open.opened_at))) / 1000)
    if (!seconds) return before
    await timeCredit.all(trx, enrolmentId, open.module_id, open.lesson_id, seconds, stamp)
    return open.module_id === moduleId && open.lesson_id === lessonId ? before + seconds : before
  })
}

/**
 * noteLessonRequest on PostgreSQL: the same steps as one statement on its own
 * (data-modifying CTEs), so a page view is one round trip and holds no
 * transaction open across the event loop's waits (ADR 035), the position's
 * update and a first view's start included (ADR 043). Every CTE reads
 * the snapshot the statement began with; the compare and set stays: when a
 * concurrent request has moved the open row since, PostgreSQL re-checks
 * `opened_at` against the row it committed and nothing is credited. The gap
 * is computed in milliseconds as the SQLite path computes it.
 */
async function noteInOneStatement(work: Work, enrolmentId: string, moduleId: string, lessonId: string, stamp: string, position: boolean): Promise<number> {
  const { rows } = await sql<{ seconds: number }>`
    with open as (
      select module_id, lesson_id, opened_at from lesson_opens where enrolment_id = ${enrolmentId}
    ),
    moved as (
      update lesson_opens set module_id = ${moduleId}, lesson_id = ${lessonId}, opened_at = ${stamp}
      from open
      where lesson_opens.enrolment_id = ${enrolmentId} and lesson_opens.opened_at = open.opened_at
      returning open.module_id, open.lesson_id,
        floor(least(${IDLE_CAP_MS}::numeric, greatest(0, extract(epoch from (${stamp}::timestamptz - open.opened_at::timestamptz)) * 1000)) / 1000)::integer as seconds
    ),
    first_open as (
      insert into lesson_opens (enrolment_id, module_id, lesson_id, opened_at)
      select ${enrolmentId}, ${moduleId}, ${lessonId}, ${stamp} where not exists (select 1 from open)
      on conflict (enrolment_id) do nothing
    ),
    credited as (
      insert into lesson_time (enrolment_id, module_id, lesson_id, seconds, updated_at)
      select ${enrolmentId}, module_id, lesson_id, seconds, ${stamp} from moved where seconds > 0
      on conflict (enrolment_id, module_id, lesson_id) do update set seconds = lesson_time.seconds + excluded.seconds, updated_at = excluded.updated_at
    )${
      position
        ? sql`,
    position as (
      update enrolments set last_module_id = ${moduleId}, last_lesson_id = ${lessonId}, last_activity_at = ${stamp}, started_at = coalesce(started_at, ${stamp})
      where id = ${enrolmentId}
    )`
        : sql``
    }
    select
      coalesce((select seconds from lesson_time where enrolment_id = ${enrolmentId} and module_id = ${moduleId} and lesson_id = ${lessonId}), 0)
      + coalesce((select seconds from moved where module_id = ${moduleId} and lesson_id = ${lessonId}), 0) as seconds
  `.execute(work.db)
  return Number(rows[0]?.seconds ?? 0)
}

/** The seconds credited to one lesson of an enrolment. */
export async function lessonSeconds(work: Work, enrolmentId: string, moduleId: string, lessonId: string): Promise<number> {
  const row = await secondsRead.first(work.db, enrolmentId, moduleId, lessonId)
  return row?.seconds ?? 0
}

export interface TimeOnTask {
  /** Seconds on the course's lessons, each lesson counted up to what it needs... */
  countedSeconds: number
  /** ...and in all. */
  totalSeconds: number
}

/**
 * The time on task of every enrolment of a cohort, in one query: all of it,
 * and the part that counts towards the minimum (a lesson beyond its required
 * seconds does not make up for another one left short).
 */
export async function cohortTimeOnTask(work: Work, manifest: CourseManifest, cohortId: string): Promise<Map<string, TimeOnTask>> {
  const need = new Map(flatLessons(manifest).map(({ module, lesson }) => [`${module.id}/${lesson.id}`, requiredSeconds(manifest, lesson)]))
  const rows = await work.db
    .selectFrom('lesson_time')
    .innerJoin('enrolments', 'enrolments.id', 'lesson_time.enrolment_id')
    .select(['lesson_time.enrolment_id', 'lesson_time.module_id', 'lesson_time.lesson_id', 'lesson_time.seconds'])
    .where('enrolments.cohort_id', '=', cohortId)
    .execute()
  const result = new Map<string, TimeOnTask>()
  for (const row of rows) {
    const own = result.get(row.enrolment_id) ?? { countedSeconds: 0, totalSeconds: 0 }
    own.totalSeconds += row.seconds
    own.countedSeconds += Math.min(row.seconds, need.get(`${row.module_id}/${row.lesson_id}`) ?? 0)
    result.set(row.enrolment_id, own)
  }
  return result
}
