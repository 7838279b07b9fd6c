import { sql } from 'kysely'
import { newId } from '#db/ids.server.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { flatLessons, type CourseManifest, type QuizKind } from '#app/modules/content/manifest.ts'
import { versionManifest } from './catalogue.server.ts'

// Quiz attempts belong to a person in a course, not to one enrolment: every
// cohort of the course counts, so enrolling again gives no fresh attempts. A
// retake granted by a trainer of the teacher's cohort or an admin adds
// attempts at one quiz (quiz_retakes, audited).

export interface Person {
  userId: string
  courseId: string
}

export function attemptRules(manifest: CourseManifest, kind: QuizKind): { maxAttempts: number; passMark: number | null } {
  if (kind === 'diagnostic') return { maxAttempts: 1, passMark: null }
  const rule = kind === 'final' ? manifest.assessment?.final_exam : manifest.assessment?.module_quiz
  return { maxAttempts: rule?.attempts ?? 3, passMark: rule?.pass_mark ?? 70 }
}

/** A person's attempts in a course (oldest first) and the extra attempts granted them, by quiz. */
export interface PersonAttempts {
  attempts: { quiz_id: string; score: number; passed: number; attempt_no: number; submitted_at: string }[]
  extra: Map<string, number>
  /** The lessons done of the enrolment asked about (`module/lesson`), when one was. */
  done?: Set<string>
  /** The saved reflections asked about, by id, when some were. */
  reflections?: Map<string, string>
  /** The end facts of the enrolment asked about, when one was. */
  end?: EndFacts
}

/** What an enrolment's next step needs beside its attempts (next-step.server.ts): its end survey, its document, its required activities done. */
export interface EndFacts {
  survey: { id: string; status: string } | null
  document: { id: string; kind: 'certificate' | 'attendance'; status: 'valid' | 'revoked' } | null
  activitiesDone: number
}

/** Whose end facts to read along, and which of the plan's activities are required. */
export interface EndFactsOf {
  enrolmentId: string
  requiredActivities: readonly string[]
}

/** Which of an enrolment's saved reflections to read along (a lesson's). */
export interface ReflectionsOf {
  enrolmentId: string
  ids: readonly string[]
}

/**
 * courseAttempts and extraAttempts in one statement, the lessons done of
 * `lessonsOf` when given (the order rules need them), the reflections of
 * `reflectionsOf` (a lesson page shows them) and the end facts of `endOf`
 * (the next step needs them): a lesson view and a quiz answer ask for all of
 * them, and on PostgreSQL each statement is a round trip through the event
 * loop (ADR 035). A quiz answer reads them once, after locking the
 * enrolment, and judges completion on them with its new attempt.
 */
export async function personAttempts(
  work: Work,
  person: Person,
  { lessonsOf, reflectionsOf, endOf }: { lessonsOf?: string; reflectionsOf?: ReflectionsOf; endOf?: EndFactsOf } = {},
): Promise<PersonAttempts> {
  // A lesson done rides in the attempts' columns: its module in quiz_id, its lesson in submitted_at; a reflection its id and text.
  const lessons = lessonsOf ? sql`union all select 2, module_id, 0, 0, 0, lesson_id, 0 from lesson_progress where enrolment_id = ${lessonsOf}` : sql``
  const reflections = reflectionsOf?.ids.length
    ? sql`union all select 3, reflection_id, 0, 0, 0, text, 0 from reflections where enrolment_id = ${reflectionsOf.enrolmentId} and reflection_id in (${sql.join(reflectionsOf.ids)})`
    : sql``
  // The end survey (its id and status), the document (its id, then its kind and status with a space between) and each required activity done, in the same columns.
  const end = endOf
    ? sql`union all select 4, id, 0, 0, 0, status, 0 from survey_assignments where enrolment_id = ${endOf.enrolmentId} and schedule_key = 'end'
      union all select 5, id, 0, 0, 0, kind || ' ' || status, 0 from certificates where enrolment_id = ${endOf.enrolmentId}
      ${
        endOf.requiredActivities.length
          ? sql`union all select distinct 6, activity_id, 0, 0, 0, '', 0 from activity_records
              where enrolment_id = ${endOf.enrolmentId} and outcome = 'done' and activity_id in (${sql.join(endOf.requiredActivities)})`
          : sql``
      }`
    : sql``
  const { rows } = await sql<{ part: number; quiz_id: string; score: number; passed: number; attempt_no: number; submitted_at: string; extra: number }>`
    select 0 as part, a.quiz_id, a.score, a.passed, a.attempt_no, a.submitted_at, 0 as extra
    from quiz_attempts a inner join enrolments e on e.id = a.enrolment_id
    where e.user_id = ${person.userId} and e.course_id = ${person.courseId}
    union all
    select 1, quiz_id, 0, 0, 0, '', sum(extra_attempts)
    from quiz_retakes
    where user_id = ${person.userId} and course_id = ${person.courseId}
    group by quiz_id
    ${lessons}
    ${reflections}
    ${end}
    order by 1, 6, 5
  `.execute(work.db)
  const attempts = rows
    .filter((r) => Number(r.part) === 0)
    .map((r) => ({ quiz_id: r.quiz_id, score: r.score, passed: r.passed, attempt_no: r.attempt_no, submitted_at: r.submitted_at }))
  const extra = new Map(rows.filter((r) => Number(r.part) === 1).map((r) => [r.quiz_id, Number(r.extra)]))
  const read: PersonAttempts = { attempts, extra }
  if (lessonsOf) read.done = new Set(rows.filter((r) => Number(r.part) === 2).map((r) => `${r.quiz_id}/${r.submitted_at}`))
  if (reflectionsOf) read.reflections = new Map(rows.filter((r) => Number(r.part) === 3).map((r) => [r.quiz_id, r.submitted_at]))
  if (endOf) {
    const survey = rows.find((r) => Number(r.part) === 4)
    const document = rows.find((r) => Number(r.part) === 5)
    const [kind, status] = document ? document.submitted_at.split(' ') : []
    read.end = {
      survey: survey ? { id: survey.quiz_id, status: survey.submitted_at } : null,
      document: document ? ({ id: document.quiz_id, kind, status } as EndFacts['document']) : null,
      activitiesDone: rows.filter((r) => Number(r.part) === 6).length,
    }
  }
  return read
}

export interface QuizStanding {
  id: string
  kind: QuizKind
  attempts: number
  maxAttempts: number
  passMark: number | null
  best: number | null
  last: number | null
  /** Passed as course.yml asks: the module mark, the final exam's pass, the diagnostic answered. */
  reached: boolean
  /** No attempt left and not reached: the course cannot be completed without a retake. */
  spent: boolean
}

/** Where a person stands on every quiz of a course version, counting all their cohorts and retakes. */
export async function quizStandings(work: Work, person: Person, manifest: CourseManifest): Promise<Map<string, QuizStanding>> {
  return standingsOf(manifest, await personAttempts(work, person))
}

/** quizStandings on attempts already read. */
export function standingsOf(manifest: CourseManifest, { attempts, extra }: PersonAttempts): Map<string, QuizStanding> {
  const standings = new Map<string, QuizStanding>()
  for (const quiz of flatLessons(manifest).flatMap(({ lesson }) => lesson.quizzes)) {
    const mine = attempts.filter((a) => a.quiz_id === quiz.id)
    const rules = attemptRules(manifest, quiz.kind)
    const best = mine.length ? Math.max(...mine.map((a) => a.score)) : null
    const reached =
      quiz.kind === 'diagnostic'
        ? mine.length > 0
        : quiz.kind === 'module'
          ? (best ?? -1) >= manifest.completion.module_quizzes
          : mine.some((a) => a.passed === 1) && (best ?? -1) >= (rules.passMark ?? 0)
    const maxAttempts = rules.maxAttempts + (extra.get(quiz.id) ?? 0)
    standings.set(quiz.id, {
      id: quiz.id,
      kind: quiz.kind,
      attempts: mine.length,
      maxAttempts,
      passMark: rules.passMark,
      best,
      last: mine.at(-1)?.score ?? null,
      reached,
      spent: !reached && mine.length >= maxAttempts,
    })
  }
  return standings
}

/** The quizzes a completion needs that have no attempt left: the module tests when they count, and the final exam when it counts. */
export function spentRequired(manifest: CourseManifest, standings: Map<string, QuizStanding>): QuizStanding[] {
  return [...standings.values()].filter((q) => q.spent && (q.kind === 'module' || (q.kind === 'final' && manifest.completion.final_exam)))
}

export type RetakeError = 'notFound' | 'unknownQuiz'

/**
 * Grants a teacher of a cohort `extra` more attempts at one module test or
 * the final exam of their course, with a reason; audited. 'notFound' when the
 * enrolment is not the cohort's. The caller checks that the actor may see the
 * cohort's roster.
 */
export async function grantRetake(
  work: Work,
  input: { cohortId: string; enrolmentId: string; quizId: string; extra: number; reason: string },
): Promise<Result<undefined, RetakeError>> {
  const grantedBy = work.actorId
  if (!grantedBy) throw new Error('a retake is granted by a signed-in trainer or admin')
  return write(work, async (tx) => {
    const enrolment = await tx.db
      .selectFrom('enrolments')
      .innerJoin('cohorts', 'cohorts.id', 'enrolments.cohort_id')
      .select(['enrolments.id', 'enrolments.user_id', 'enrolments.course_id', 'cohorts.course_version_id'])
      .where('enrolments.id', '=', input.enrolmentId)
      .where('enrolments.cohort_id', '=', input.cohortId)
      .executeTakeFirst()
    if (!enrolment) return fail('notFound' as const)
    const manifest = await versionManifest(tx.db, enrolment.course_version_id)
    const quiz =
      manifest &&
      flatLessons(manifest)
        .flatMap(({ lesson }) => lesson.quizzes)
        .find((q) => q.id === input.quizId)
    if (!quiz || quiz.kind === 'diagnostic') return fail('unknownQuiz' as const)
    await tx.db
      .insertInto('quiz_retakes')
      .values({
        id: newId(),
        user_id: enrolment.user_id,
        course_id: enrolment.course_id,
        quiz_id: quiz.id,
        extra_attempts: input.extra,
        reason: input.reason,
        enrolment_id: enrolment.id,
        granted_by: grantedBy,
        granted_at: nowIso(),
      })
      .execute()
    tx.audit({
      action: 'quiz.retake.grant',
      targetType: 'enrolment',
      targetId: enrolment.id,
      details: { userId: enrolment.user_id, courseId: enrolment.course_id, quizId: quiz.id, extra: input.extra, reason: input.reason },
    })
    return ok()
  })
}

/** The retakes granted to the people of a cohort in its course, newest first, for the roster. */
export async function cohortRetakes(work: Work, cohort: { id: string; course_id: string }) {
  return work.db
    .selectFrom('quiz_retakes')
    .innerJoin('enrolments', (join) =>
      join.onRef('enrolments.user_id', '=', 'quiz_retakes.user_id').onRef('enrolments.course_id', '=', 'quiz_retakes.course_id'),
    )
    .innerJoin('users as teacher', 'teacher.id', 'quiz_retakes.user_id')
    .innerJoin('users as granter', 'granter.id', 'quiz_retakes.granted_by')
    .select([
      'quiz_retakes.id',
      'quiz_retakes.quiz_id',
      'quiz_retakes.extra_attempts',
      'quiz_retakes.reason',
      'quiz_retakes.granted_at',
      'teacher.full_name as teacher_name',
      'granter.full_name as granted_by_name',
    ])
    .where('enrolments.cohort_id', '=', cohort.id)
    .where('quiz_retakes.course_id', '=', cohort.course_id)
    .orderBy('quiz_retakes.granted_at', 'desc')
    .execute()
}
