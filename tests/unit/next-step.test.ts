import { describe, expect, test } from 'vitest'
import { decideNextStep, NEXT_STEP_KINDS, type EnrolmentFacts, type NextStep } from '#app/modules/courses/next-step.ts'

// Every enrolment state and the step it says is next: one row per state, read
// through the same function the course page, the lesson page and
// /certificates use.

const lesson = (moduleId: string, lessonId: string, quiz: NonNullable<EnrolmentFacts['next']>['quiz'] = null) => ({
  moduleId,
  lessonId,
  title: { kk: `${lessonId} kk`, ru: `${lessonId} ru` },
  quiz,
})

const running: EnrolmentFacts = {
  course: 'pedagogy',
  status: 'active',
  today: '2026-10-05',
  cohort: { startsOn: '2026-09-01', endsOn: '2026-12-20' },
  endedAt: null,
  started: true,
  next: lesson('basics', 'intro'),
  endSurvey: null,
  activitiesLeft: 0,
  document: null,
  retakeGranted: false,
}
const ENDED = '2026-10-01T09:00:00.000Z'
const finished = { ...running, next: null }

const states: { state: string; facts: Partial<EnrolmentFacts>; step: NextStep }[] = [
  {
    state: 'enrolled before the cohort starts',
    facts: { started: false, cohort: { startsOn: '2026-11-02', endsOn: '2026-12-20' } },
    step: { kind: 'notStarted', href: '/learn/pedagogy/basics/intro', date: '2026-11-02T07:00:00.000Z' },
  },
  {
    state: 'the cohort is running, nothing opened yet',
    facts: { started: false },
    step: { kind: 'start', href: '/learn/pedagogy/basics/intro', lesson: { kk: 'intro kk', ru: 'intro ru' } },
  },
  {
    state: 'the diagnostic test comes first',
    facts: { started: false, next: lesson('start', 'check', { kind: 'diagnostic', attempts: 0, maxAttempts: 1, best: null }) },
    step: { kind: 'diagnostic', href: '/learn/pedagogy/start/check', lesson: { kk: 'check kk', ru: 'check ru' } },
  },
  {
    state: 'lessons half done',
    facts: {},
    step: { kind: 'lesson', href: '/learn/pedagogy/basics/intro', lesson: { kk: 'intro kk', ru: 'intro ru' } },
  },
  {
    state: 'a lesson with a module test not yet tried reads as a lesson',
    facts: { next: lesson('basics', 'practice', { kind: 'module', attempts: 0, maxAttempts: 3, best: null }) },
    step: { kind: 'lesson', href: '/learn/pedagogy/basics/practice', lesson: { kk: 'practice kk', ru: 'practice ru' } },
  },
  {
    state: 'a module test failed with attempts left',
    facts: { next: lesson('basics', 'practice', { kind: 'module', attempts: 1, maxAttempts: 3, best: 50 }) },
    step: { kind: 'moduleTest', href: '/learn/pedagogy/basics/practice', lesson: { kk: 'practice kk', ru: 'practice ru' }, count: 2, score: 50 },
  },
  {
    state: 'the final test is next',
    facts: { next: lesson('final', 'exam', { kind: 'final', attempts: 0, maxAttempts: 2, best: null }) },
    step: { kind: 'finalTest', href: '/learn/pedagogy/final/exam', count: 2 },
  },
  {
    state: 'the first final attempt failed: the test, not the end survey, is next',
    facts: {
      next: lesson('final', 'exam', { kind: 'final', attempts: 1, maxAttempts: 2, best: 50 }),
      endSurvey: { assignmentId: 'a1', submitted: false },
    },
    step: { kind: 'finalRetry', href: '/learn/pedagogy/final/exam', count: 1, score: 50 },
  },
  {
    state: 'a retake granted after a failed final adds attempts',
    facts: { next: lesson('final', 'exam', { kind: 'final', attempts: 2, maxAttempts: 3, best: 60 }) },
    step: { kind: 'finalRetry', href: '/learn/pedagogy/final/exam', count: 1, score: 60 },
  },
  {
    state: 'tests passed, the end survey pending',
    facts: { ...finished, endSurvey: { assignmentId: 'a1', submitted: false } },
    step: { kind: 'endSurvey', href: '/surveys/a1' },
  },
  {
    state: 'end survey answered, plan activities not yet recorded',
    facts: { ...finished, endSurvey: { assignmentId: 'a1', submitted: true }, activitiesLeft: 2 },
    step: { kind: 'activities', href: '/courses/pedagogy', count: 2 },
  },
  {
    state: 'everything done, the completion not yet recorded',
    facts: { ...finished, endSurvey: { assignmentId: 'a1', submitted: true } },
    step: { kind: 'awaitingResult', href: '/courses/pedagogy' },
  },
  {
    state: 'the cohort ended without a pass, lessons left',
    facts: { today: '2026-12-21' },
    step: { kind: 'cohortEnded', href: '/courses/pedagogy', date: '2026-12-20T07:00:00.000Z' },
  },
  {
    state: 'the cohort ended with the final test failed and attempts left',
    facts: { today: '2027-01-10', next: lesson('final', 'exam', { kind: 'final', attempts: 1, maxAttempts: 2, best: 40 }) },
    step: { kind: 'cohortEnded', href: '/courses/pedagogy', date: '2026-12-20T07:00:00.000Z' },
  },
  {
    state: 'on the cohort’s last day the course still runs',
    facts: { today: '2026-12-20' },
    step: { kind: 'lesson', href: '/learn/pedagogy/basics/intro', lesson: { kk: 'intro kk', ru: 'intro ru' } },
  },
  {
    state: 'completed, certificate issued',
    facts: { status: 'completed', endedAt: ENDED, next: null, document: { kind: 'certificate', status: 'valid' } },
    step: { kind: 'certificate', href: '/certificates', date: ENDED },
  },
  {
    state: 'completed, certificate revoked',
    facts: { status: 'completed', endedAt: ENDED, next: null, document: { kind: 'certificate', status: 'revoked' } },
    step: { kind: 'certificateRevoked', href: '/certificates' },
  },
  {
    state: 'completed, no certificate yet',
    facts: { status: 'completed', endedAt: ENDED, next: null },
    step: { kind: 'documentPending', href: '/certificates', date: ENDED },
  },
  {
    state: 'not passed: attempts used up, attendance statement',
    facts: { status: 'not_passed', endedAt: ENDED, next: null, document: { kind: 'attendance', status: 'valid' } },
    step: { kind: 'notPassed', href: '/certificates', date: ENDED },
  },
  {
    state: 'not passed, no statement',
    facts: { status: 'not_passed', endedAt: ENDED, next: null },
    step: { kind: 'notPassed', href: null, date: ENDED },
  },
  {
    state: 'not passed, then a retake granted',
    facts: { status: 'not_passed', endedAt: ENDED, next: null, retakeGranted: true, document: { kind: 'attendance', status: 'valid' } },
    step: { kind: 'enrolAgain', href: '/courses/pedagogy', date: ENDED },
  },
  {
    state: 'withdrawn',
    facts: { status: 'withdrawn', endedAt: ENDED, next: null },
    step: { kind: 'withdrawn', href: '/courses/pedagogy', date: ENDED },
  },
  {
    state: 'withdrawn after the cohort ended',
    facts: { status: 'withdrawn', endedAt: ENDED, today: '2027-01-10', next: null },
    step: { kind: 'withdrawn', href: '/courses/pedagogy', date: ENDED },
  },
]

describe('the next step of every enrolment state', () => {
  test.each(states)('$state → $step.kind', ({ facts, step }) => {
    expect(decideNextStep({ ...running, ...facts })).toEqual(step)
  })

  test('every kind of step is reached by some state', () => {
    const reached = new Set(states.map((s) => s.step.kind))
    expect(NEXT_STEP_KINDS.filter((k) => !reached.has(k))).toEqual([])
  })

  test('an ended cohort never says continue, whatever is left', () => {
    for (const { facts } of states) {
      const step = decideNextStep({ ...running, ...facts, today: '2030-01-01' })
      expect(['lesson', 'start', 'finalTest', 'finalRetry', 'moduleTest', 'diagnostic', 'endSurvey']).not.toContain(step.kind)
    }
  })
})
