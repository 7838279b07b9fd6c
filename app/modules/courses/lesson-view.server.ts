import { writeStatement, type Work } from '#app/core/work.server.ts'
import { flatLessons, type CourseManifest } from '#app/modules/content/manifest.ts'
import type { LessonState, QuizState } from '#app/mdx/lesson-context.tsx'
import type { Locale } from '#app/i18n/locales.ts'
import { fillLesson, keptTemplate, lessonTemplate } from '#app/modules/content/render.server.tsx'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { versionManifest } from './catalogue.server.ts'
import { quizStandings, type QuizStanding } from './attempts.server.ts'
import { noteLessonRequest, positionUpdate } from './time-on-task.server.ts'
import { prepared } from '#db/prepared.server.ts'

export interface LessonLocation {
  manifest: CourseManifest
  moduleIndex: number
  index: number
  module: CourseManifest['modules'][number]
  lesson: CourseManifest['modules'][number]['lessons'][number]
  previous: { moduleId: string; lessonId: string } | null
  next: { moduleId: string; lessonId: string } | null
}

export async function locateLesson(work: Work, versionId: string, moduleId: string, lessonId: string): Promise<LessonLocation | null> {
  const manifest = await versionManifest(work.db, versionId)
  if (!manifest) return null
  const all = flatLessons(manifest)
  const at = all.findIndex((l) => l.module.id === moduleId && l.lesson.id === lessonId)
  if (at < 0) return null
  const here = all[at]!
  const ref = (i: number) => (all[i] ? { moduleId: all[i]!.module.id, lessonId: all[i]!.lesson.id } : null)
  return {
    manifest,
    index: at,
    module: here.module,
    lesson: here.lesson,
    moduleIndex: manifest.modules.findIndex((m) => m.id === moduleId),
    previous: ref(at - 1),
    next: ref(at + 1),
  }
}

/** A lesson's compiled bundle in one language, code included. */
export async function lessonBundle(work: Work, versionId: string, moduleId: string, lessonId: string, lang: string) {
  return work.db
    .selectFrom('version_lessons')
    .innerJoin('mdx_bundles', 'mdx_bundles.cache_key', 'version_lessons.bundle_key')
    .select(['mdx_bundles.cache_key', 'mdx_bundles.code'])
    .where('version_lessons.course_version_id', '=', versionId)
    .where('version_lessons.module_id', '=', moduleId)
    .where('version_lessons.lesson_id', '=', lessonId)
    .where('version_lessons.lang', '=', lang as never)
    .executeTakeFirst()
}

const bundleKeyRead = prepared((db, versionId: string, moduleId: string, lessonId: string, lang: Locale) =>
  db
    .selectFrom('version_lessons')
    .select('bundle_key')
    .where('course_version_id', '=', versionId)
    .where('module_id', '=', moduleId)
    .where('lesson_id', '=', lessonId)
    .where('lang', '=', lang),
)

// A published version's lesson points at one bundle until a publish with a
// newer compiler points it at that compiler's bundle of the same source
// (publish.server.ts), which another process may do. So the pointer is kept
// a minute: a page view reads it once a minute per lesson instead of on every
// view, and a recompiled bundle is served within the minute. The old one
// stays in mdx_bundles meanwhile (bundles are never deleted).
const BUNDLE_KEY_KEPT_MS = 60_000
const BUNDLE_KEYS_KEPT = 10_000
const bundleKeys = new Map<string, { bundleKey: string; until: number }>()

async function lessonBundleKey(work: Work, versionId: string, moduleId: string, lessonId: string, lang: Locale): Promise<string | null> {
  const key = `${versionId}|${moduleId}|${lessonId}|${lang}`
  const kept = bundleKeys.get(key)
  // A monotonic clock: the app's clock is moved by tests and simulations.
  if (kept && kept.until > performance.now()) return kept.bundleKey
  const row = await bundleKeyRead.first(work.db, versionId, moduleId, lessonId, lang)
  if (!row) return null
  bundleKeys.delete(key)
  if (bundleKeys.size >= BUNDLE_KEYS_KEPT) bundleKeys.delete(bundleKeys.keys().next().value!)
  bundleKeys.set(key, { bundleKey: row.bundle_key, until: performance.now() + BUNDLE_KEY_KEPT_MS })
  return row.bundle_key
}

/**
 * The lesson's shared render (a template) for this reader's language and
 * kind, in their interface language: kept in memory, so the compiled code
 * (tens of KB) is read only when it is not kept yet. Null when the version
 * has no such lesson in that language.
 */
export async function lessonTemplateFor(work: Work, versionId: string, moduleId: string, lessonId: string, state: LessonState, locale: Locale) {
  const bundleKey = await lessonBundleKey(work, versionId, moduleId, lessonId, state.lang as Locale)
  if (!bundleKey) return null
  const kept = keptTemplate(bundleKey, state, locale)
  if (kept) return kept
  const bundle = await work.db.selectFrom('mdx_bundles').select(['cache_key', 'code']).where('cache_key', '=', bundleKey).executeTakeFirst()
  return bundle ? lessonTemplate(bundle, state, locale) : null
}

/** The lesson's body for this reader: its template filled with the reader's state. Null when the version has no such lesson in that language. */
export async function lessonBody(work: Work, versionId: string, moduleId: string, lessonId: string, state: LessonState, locale: Locale) {
  const template = await lessonTemplateFor(work, versionId, moduleId, lessonId, state, locale)
  return template ? fillLesson(template, state, locale) : null
}

const reflectionsRead = prepared((db, enrolmentId: string, ...reflectionIds: string[]) =>
  db.selectFrom('reflections').select(['reflection_id', 'text']).where('enrolment_id', '=', enrolmentId).where('reflection_id', 'in', reflectionIds),
)

/** The learner's state for one lesson: quiz attempts (all the person's cohorts of the course) and saved reflections. */
export async function learnerState(
  work: Work,
  enrolment: { id: string; status: string; user_id: string; course_id: string },
  location: LessonLocation,
  action: string,
  lang: string,
  /** The person's quiz standings when the caller has them already (the order rules need them too). */
  known?: Map<string, QuizStanding>,
  /** The lesson's saved reflections when the caller read them already (with the attempts, personAttempts). */
  knownReflections?: Map<string, string>,
): Promise<LessonState> {
  const standings = !location.lesson.quizzes.length
    ? new Map<string, QuizStanding>()
    : (known ?? (await quizStandings(work, { userId: enrolment.user_id, courseId: enrolment.course_id }, location.manifest)))
  const reflections = knownReflections
    ? [...knownReflections].map(([reflection_id, text]) => ({ reflection_id, text }))
    : location.lesson.reflections.length
      ? await reflectionsRead.all(work.db, enrolment.id, ...location.lesson.reflections)
      : []
  const quizzes: Record<string, QuizState> = {}
  for (const quiz of location.lesson.quizzes) {
    const standing = standings.get(quiz.id)
    if (!standing) continue
    quizzes[quiz.id] = {
      kind: quiz.kind,
      attempts: standing.attempts,
      maxAttempts: standing.maxAttempts,
      passMark: standing.passMark,
      best: standing.best,
      last: standing.last,
      passed: standing.reached,
    }
  }
  return {
    action,
    lang,
    enrolled: true,
    canSubmit: enrolment.status === 'active',
    quizzes,
    reflections: Object.fromEntries(reflections.map((r) => [r.reflection_id, r.text])),
  }
}

/**
 * A lesson view's writes: the time on task (an active enrolment's) and, when
 * it moved, the position, which a first view's start goes with. One write:
 * on SQLite one turn of the single writer, which the quiz day's synchronized
 * start (2,000 first views at once) waits for; on PostgreSQL one statement
 * outside a transaction, one round trip (ADR 035, ADR 043). Returns the
 * lesson's seconds so far, or null for an enrolment not active.
 */
export async function noteLessonView(
  work: Work,
  enrolment: { id: string; status: string; last_module_id: string | null; last_lesson_id: string | null },
  moduleId: string,
  lessonId: string,
): Promise<number | null> {
  const moves = enrolment.last_module_id !== moduleId || enrolment.last_lesson_id !== lessonId
  if (enrolment.status === 'active') return noteLessonRequest(work, enrolment.id, moduleId, lessonId, { position: moves })
  await recordPosition(work, enrolment, moduleId, lessonId)
  return null
}

/** Remembers where the learner is, for "resume where you left off"; writes only when it moved, and starts an enrolment not started. */
export async function recordPosition(
  work: Work,
  enrolment: { id: string; last_module_id: string | null; last_lesson_id: string | null },
  moduleId: string,
  lessonId: string,
) {
  if (enrolment.last_module_id === moduleId && enrolment.last_lesson_id === lessonId) return
  await writeStatement(work, (db) => positionUpdate.all(db, moduleId, lessonId, nowIso(), enrolment.id))
}
