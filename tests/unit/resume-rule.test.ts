import { describe, expect, test } from 'vitest'
import type { EnrolmentStatus } from '#db/schema.ts'
import { mayResume } from '#app/modules/courses/enrolment.server.ts'
import { decideNextStep, type EnrolmentFacts, type NextStepKind } from '#app/modules/courses/next-step.ts'

// /learn/<course> decides "resume or go to the course page" from the
// enrolment alone (mayResume). It must agree with the next step the course
// page shows for every state: resume exactly when that step leads into the course.

const LEADS_INTO_THE_COURSE = new Set<NextStepKind>([
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
])

const STATUSES: EnrolmentStatus[] = ['active', 'completed', 'not_passed', 'withdrawn']
const COHORT = { startsOn: '2026-09-01', endsOn: '2026-12-20' }
const DAYS = ['2026-08-20', '2026-09-01', '2026-10-05', '2026-12-20', '2026-12-21', '2027-02-01']
type Quiz = NonNullable<EnrolmentFacts['next']>['quiz']
const QUIZZES: Quiz[] = [
  null,
  { kind: 'diagnostic', attempts: 0, maxAttempts: 1, best: null },
  { kind: 'module', attempts: 0, maxAttempts: 3, best: null },
  { kind: 'module', attempts: 1, maxAttempts: 3, best: 40 },
  { kind: 'final', attempts: 0, maxAttempts: 2, best: null },
  { kind: 'final', attempts: 1, maxAttempts: 2, best: 55 },
]
const NEXTS: EnrolmentFacts['next'][] = [null, ...QUIZZES.map((quiz) => ({ moduleId: 'basics', lessonId: 'intro', title: { kk: 'Кіріспе' }, quiz }))]
const SURVEYS: EnrolmentFacts['endSurvey'][] = [null, { assignmentId: 's1', submitted: false }, { assignmentId: 's1', submitted: true }]
const DOCUMENTS: EnrolmentFacts['document'][] = [null, { kind: 'certificate', status: 'valid' }, { kind: 'attendance', status: 'revoked' }]

function* everyState(): Generator<EnrolmentFacts> {
  for (const status of STATUSES)
    for (const today of DAYS)
      for (const started of [false, true])
        for (const next of NEXTS)
          for (const endSurvey of SURVEYS)
            for (const activitiesLeft of [0, 2])
              for (const document of DOCUMENTS)
                for (const retakeGranted of [false, true])
                  yield { course: 'pedagogy', status, today, cohort: COHORT, endedAt: null, started, next, endSurvey, activitiesLeft, document, retakeGranted }
}

describe('resuming a course from the enrolment alone', () => {
  test('resumes exactly when the next step leads into the course, in every state', () => {
    const disagreements: string[] = []
    let states = 0
    for (const facts of everyState()) {
      states++
      const step = decideNextStep(facts)
      const resumes = mayResume({ status: facts.status, ends_on: facts.cohort.endsOn }, facts.today)
      if (resumes !== LEADS_INTO_THE_COURSE.has(step.kind)) disagreements.push(`${facts.status} on ${facts.today}: ${step.kind}, resumes ${resumes}`)
    }
    expect(states).toBe(4 * 6 * 2 * 7 * 3 * 2 * 3 * 2)
    expect(disagreements).toEqual([])
  })

  test('the last day of a cohort still resumes; the day after does not', () => {
    expect(mayResume({ status: 'active', ends_on: '2026-12-20' }, '2026-12-20')).toBe(true)
    expect(mayResume({ status: 'active', ends_on: '2026-12-20' }, '2026-12-21')).toBe(false)
    expect(mayResume({ status: 'completed', ends_on: '2026-12-20' }, '2026-10-05')).toBe(false)
  })
})
