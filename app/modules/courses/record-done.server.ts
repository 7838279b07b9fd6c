import { sql } from 'kysely'
import { newId } from '#db/ids.server.ts'
import { dialectOf } from '#db/client.server.ts'
import type { EnrolmentStatus, QuizKind } from '#db/schema.ts'
import type { Tx } from '#app/core/work.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

// A lesson done, with the quiz attempt that did it, written under the
// enrolment's lock by progress.server.ts (markLessonDone, submitQuiz).

/** The enrolment as the write that marked a lesson done left it: what completion is judged on. */
export interface CompletionRow {
  status: EnrolmentStatus
  lessons_done: number
  lessons_total: number
  user_id: string
  course_id: string
  cohort_id: string
}

/** A quiz attempt to record with the lesson it marks done (submitQuiz). */
export interface NewAttempt {
  quiz_id: string
  kind: QuizKind
  score: number
  passed: number
  attempt_no: number
  submitted_at: string
  answers: string
}

/**
 * Records a lesson done (once), and a quiz attempt when given, and updates the
 * enrolment: its lessons done, its activity, its start, a final exam's best
 * score. `enrolment.startedAt` as read after the enrolment was locked: a
 * started enrolment is not asked again. On PostgreSQL it is one statement
 * (data-modifying CTEs), a round trip while the enrolment's row is locked
 * instead of three (ADR 035); on SQLite the same three statements one by one.
 */
export async function recordDone(
  tx: Tx,
  enrolment: { id: string; startedAt: string | null },
  moduleId: string,
  lessonId: string,
  { finalScore, attempt }: { finalScore?: number; attempt?: NewAttempt } = {},
) {
  const enrolmentId = enrolment.id
  const stamp = attempt?.submitted_at ?? nowIso()
  const progress = { enrolment_id: enrolmentId, module_id: moduleId, lesson_id: lessonId, done_at: stamp }
  const attemptRow = attempt ? { ...attempt, id: newId(), enrolment_id: enrolmentId } : null
  const changes = {
    last_activity_at: stamp,
    // The same update starts the enrolment (queued for the funnel by the database's trigger, ADR 043) and keeps a final exam's best score (ADR 035).
    ...(enrolment.startedAt === null ? { started_at: stamp } : {}),
    ...(finalScore === undefined
      ? {}
      : { final_score: sql<number>`case when coalesce(final_score, 0) > ${finalScore} then final_score else ${finalScore} end` }),
  }
  // What completion is judged on, as this update left it: no second read (completeIfDue).
  const judged = ['status', 'lessons_done', 'lessons_total', 'user_id', 'course_id', 'cohort_id'] as const
  let done: boolean
  let row: CompletionRow
  if (dialectOf(tx.db) === 'postgres') {
    // Each CTE sees the snapshot the statement began with, so the lessons done
    // are those committed before plus the row this statement inserted. No
    // other write adds one meanwhile: lesson_progress is written under the
    // enrolment's lock, which the caller holds.
    const result = await tx.db
      // PostgreSQL runs a data-modifying CTE to completion whether or not the statement reads it; a plain one that nobody reads, never.
      .with('attempt', (db) => (attemptRow ? db.insertInto('quiz_attempts').values(attemptRow) : db.selectNoFrom(sql<number>`1`.as('none'))))
      .with('done', (db) =>
        db
          .insertInto('lesson_progress')
          .values(progress)
          .onConflict((oc) => oc.columns(['enrolment_id', 'module_id', 'lesson_id']).doNothing())
          .returning('lesson_id'),
      )
      .updateTable('enrolments')
      .set({
        ...changes,
        lessons_done: sql<number>`(select count(*) from lesson_progress where enrolment_id = ${enrolmentId}) + (select count(*) from done)`,
      })
      .where('id', '=', enrolmentId)
      .returning([...judged, sql<string>`(select count(*) from done)`.as('inserted')])
      .executeTakeFirstOrThrow()
    const { inserted, ...rest } = result
    done = Number(inserted) > 0
    row = rest
  } else {
    if (attemptRow) await tx.db.insertInto('quiz_attempts').values(attemptRow).execute()
    const inserted = await tx.db
      .insertInto('lesson_progress')
      .values(progress)
      .onConflict((oc) => oc.columns(['enrolment_id', 'module_id', 'lesson_id']).doNothing())
      .executeTakeFirst()
    done = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0
    row = await tx.db
      .updateTable('enrolments')
      .set((eb) => ({
        ...changes,
        lessons_done: eb
          .selectFrom('lesson_progress')
          .select((c) => c.fn.countAll<number>().as('n'))
          .where('enrolment_id', '=', enrolmentId),
      }))
      .where('id', '=', enrolmentId)
      .returning([...judged])
      .executeTakeFirstOrThrow()
  }
  if (done) tx.emit({ type: 'lesson.completed', enrolmentId, moduleId, lessonId })
  return { done, row }
}
