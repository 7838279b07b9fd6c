import type { EnrolmentStatus } from '#db/schema.ts'
import type { Locale } from '#app/i18n/locales.ts'

// What an enrolment's teacher should do next, decided from its facts alone,
// so every page that shows it (the course page, the lesson page,
// /certificates) says the same thing. Client-safe: no database here; the
// facts are gathered by next-step.server.ts.

/** A title in the languages the course has it in. */
export type Text = Partial<Record<Locale, string>>

export interface LessonAt {
  moduleId: string
  lessonId: string
  title: Text
}

/** Where the person stands on the quiz of the next lesson, when it has one. */
export interface QuizAt {
  kind: 'diagnostic' | 'module' | 'final'
  attempts: number
  maxAttempts: number
  best: number | null
}

export interface EnrolmentFacts {
  course: string
  status: EnrolmentStatus
  /** The local date (YYYY-MM-DD) the step is decided on. */
  today: string
  cohort: { startsOn: string; endsOn: string }
  /** When the enrolment ended (completed, not passed, withdrawn). */
  endedAt: string | null
  /** Whether the teacher has opened or finished a lesson yet. */
  started: boolean
  /** The next lesson under the course's order rules (order.server.ts nextStep), and its quiz if it has one. */
  next: (LessonAt & { quiz: QuizAt | null }) | null
  /** The end-of-course survey once it has been given. */
  endSurvey: { assignmentId: string; submitted: boolean } | null
  /** Required plan activities the trainer has not yet recorded as done. */
  activitiesLeft: number
  document: { kind: 'certificate' | 'attendance'; status: 'valid' | 'revoked' } | null
  /** A retake was granted after the enrolment ended not passed: another cohort may be joined. */
  retakeGranted: boolean
}

export const NEXT_STEP_KINDS = [
  'notStarted',
  'diagnostic',
  'start',
  'lesson',
  'moduleTest',
  'finalTest',
  'finalRetry',
  'endSurvey',
  'activities',
  'awaitingResult',
  'cohortEnded',
  'certificate',
  'certificateRevoked',
  'documentPending',
  'notPassed',
  'enrolAgain',
  'withdrawn',
] as const
export type NextStepKind = (typeof NEXT_STEP_KINDS)[number]

/**
 * One step: its kind, where it leads (null when there is nowhere to go) and
 * the values its message shows. `date` is an ISO instant.
 */
export interface NextStep {
  kind: NextStepKind
  href: string | null
  lesson?: Text
  /** Attempts left at a test, or activities left. */
  count?: number
  /** The best score so far at a test, in per cent. */
  score?: number
  date?: string
}

/** Noon in Astana, so a date-only value reads as the same day in every time zone a page is formatted in. */
const dayInstant = (date: string) => `${date}T07:00:00.000Z`

const lessonHref = (course: string, at: { moduleId: string; lessonId: string }) => `/learn/${course}/${at.moduleId}/${at.lessonId}`

/**
 * The precise next step of an enrolment. An ended cohort without a pass never
 * says "continue"; a failed final test with attempts left says so before the
 * end-of-course survey, which cannot complete the course on its own.
 */
export function decideNextStep(facts: EnrolmentFacts): NextStep {
  const coursePage = `/courses/${facts.course}`
  const endedAt = facts.endedAt ?? undefined
  switch (facts.status) {
    case 'withdrawn':
      return { kind: 'withdrawn', href: coursePage, date: endedAt }
    case 'completed':
      if (!facts.document) return { kind: 'documentPending', href: '/certificates', date: endedAt }
      return facts.document.status === 'revoked'
        ? { kind: 'certificateRevoked', href: '/certificates' }
        : { kind: 'certificate', href: '/certificates', date: endedAt }
    case 'not_passed':
      if (facts.retakeGranted) return { kind: 'enrolAgain', href: coursePage, date: endedAt }
      return { kind: 'notPassed', href: facts.document ? '/certificates' : null, date: endedAt }
    case 'active':
      break
  }
  if (facts.today > facts.cohort.endsOn) return { kind: 'cohortEnded', href: coursePage, date: dayInstant(facts.cohort.endsOn) }
  const next = facts.next
  if (next) {
    if (!facts.started && facts.today < facts.cohort.startsOn)
      return { kind: 'notStarted', href: lessonHref(facts.course, next), date: dayInstant(facts.cohort.startsOn) }
    const href = lessonHref(facts.course, next)
    const quiz = next.quiz
    const left = quiz ? Math.max(0, quiz.maxAttempts - quiz.attempts) : 0
    if (quiz?.kind === 'diagnostic') return { kind: 'diagnostic', href, lesson: next.title }
    if (quiz?.kind === 'final') {
      return quiz.attempts > 0 ? { kind: 'finalRetry', href, count: left, score: quiz.best ?? 0 } : { kind: 'finalTest', href, count: left }
    }
    if (quiz?.kind === 'module' && quiz.attempts > 0) return { kind: 'moduleTest', href, lesson: next.title, count: left, score: quiz.best ?? 0 }
    return { kind: facts.started ? 'lesson' : 'start', href, lesson: next.title }
  }
  if (facts.endSurvey && !facts.endSurvey.submitted) return { kind: 'endSurvey', href: `/surveys/${facts.endSurvey.assignmentId}` }
  if (facts.activitiesLeft > 0) return { kind: 'activities', href: coursePage, count: facts.activitiesLeft }
  return { kind: 'awaitingResult', href: coursePage }
}
