import { describe, expect, test } from 'vitest'
import type { CourseManifest, ManifestLesson } from '#app/modules/content/manifest.ts'
import type { QuizStanding } from '#app/modules/courses/attempts.server.ts'
import { lessonLock, lessonLocks, nextStep, type Standing } from '#app/modules/courses/order.server.ts'

// The order rules (course.yml `order`), worked out once per standing for a
// page that asks about every lesson: the diagnostic before the lessons, the
// final exam after the lessons and the module tests.

const lesson = (id: string, quizzes: ManifestLesson['quizzes'] = []): ManifestLesson => ({ id, title: { kk: id }, minutes: 10, quizzes, reflections: [] })

const manifest = (order: CourseManifest['order']): CourseManifest =>
  ({
    slug: 'c',
    order,
    modules: [
      {
        id: 'm1',
        title: { kk: 'm1' },
        lessons: [lesson('entry', [{ id: 'diag', kind: 'diagnostic', questions: 3 }]), lesson('a'), lesson('b', [{ id: 'mq', kind: 'module', questions: 4 }])],
      },
      { id: 'm2', title: { kk: 'm2' }, lessons: [lesson('c'), lesson('exam', [{ id: 'final', kind: 'final', questions: 10 }])] },
    ],
  }) as unknown as CourseManifest

const reached = (...ids: string[]): Map<string, QuizStanding> =>
  new Map(ids.map((id) => [id, { id, kind: 'module', attempts: 1, maxAttempts: 3, passMark: 60, best: 100, last: 100, reached: true, spent: false }]))
const standing = (done: string[], quizzes: Map<string, QuizStanding>): Standing => ({ done: new Set(done), quizzes })
const refs = ['m1/entry', 'm1/a', 'm1/b', 'm2/c', 'm2/exam'].map((k) => ({ moduleId: k.split('/')[0]!, lessonId: k.split('/')[1]! }))
const reasons = (course: CourseManifest, s: Standing) => refs.map((ref) => lessonLocks(course, s)(ref)?.reason ?? null)

describe('order rules', () => {
  const strict = manifest({ diagnostic_first: true, final_exam_after: ['lessons', 'module_quizzes'] })

  test('before the diagnostic, every lesson but its own is locked, and the next step is the diagnostic', () => {
    const s = standing([], new Map())
    expect(reasons(strict, s)).toEqual([null, 'diagnosticFirst', 'diagnosticFirst', 'diagnosticFirst', 'diagnosticFirst'])
    expect(lessonLock(strict, s, refs[1]!)).toEqual({ reason: 'diagnosticFirst', diagnostic: { moduleId: 'm1', lessonId: 'entry' } })
    expect(nextStep(strict, s)).toEqual({ moduleId: 'm1', lessonId: 'entry' })
  })

  test('after it, the final exam waits for the teaching lessons and the module test, and says how many are left and where to start', () => {
    const s = standing(['m1/entry', 'm1/a'], reached('diag'))
    expect(reasons(strict, s)).toEqual([null, null, null, null, 'finalExamLast'])
    expect(lessonLock(strict, s, refs[4]!)).toEqual({ reason: 'finalExamLast', lessonsLeft: 2, quizzesLeft: 1, first: { moduleId: 'm1', lessonId: 'b' } })
    expect(nextStep(strict, s)).toEqual({ moduleId: 'm1', lessonId: 'b' })
  })

  test('with every lesson done and the module test passed, nothing is locked', () => {
    const s = standing(['m1/entry', 'm1/a', 'm1/b', 'm2/c'], reached('diag', 'mq'))
    expect(reasons(strict, s)).toEqual([null, null, null, null, null])
    expect(nextStep(strict, s)).toEqual({ moduleId: 'm2', lessonId: 'exam' })
  })

  test('only the rules the course names apply; a lesson the course does not have is not locked', () => {
    expect(reasons(manifest(null), standing([], new Map()))).toEqual([null, null, null, null, null])
    const lessonsOnly = manifest({ diagnostic_first: false, final_exam_after: ['lessons'] })
    const s = standing(['m1/entry', 'm1/a', 'm1/b', 'm2/c'], new Map())
    expect(reasons(lessonsOnly, s)).toEqual([null, null, null, null, null])
    expect(lessonLocks(strict, standing([], new Map()))({ moduleId: 'm9', lessonId: 'x' })).toBeNull()
  })
})
