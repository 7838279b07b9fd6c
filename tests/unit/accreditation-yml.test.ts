import { describe, expect, test } from 'vitest'
import { factsOfYml, ymlWithFacts } from '#app/modules/accreditation/course-yml.server.ts'
import { factChanges } from '#app/modules/accreditation/facts.ts'

// Writing approved facts into a course.yml touches only those values: the
// author's comments, quoting and spacing stay, so a diff shows just the facts.

const YML = `# A course under test.
title: { kk: Курс, ru: Курс }
summary: { kk: Қысқа, ru: Кратко }
audience: teachers
hours: 72   # ministry order
languages: [kk, ru]
approval:
  number: "ОӘМ-2025/014"
  date: 2025-02-14
completion:
  lessons: all
  module_quizzes: 70
  final_exam: true
assessment:
  module_quiz: { pass_mark: 70, attempts: 3 }
  final_exam:  { pass_mark: 70, attempts: 2 }
modules:
  - id: one
    title: { kk: Бір, ru: Один }
`

describe('course.yml facts', () => {
  test('are read from a valid file; an invalid one has none', () => {
    expect(factsOfYml(YML)).toMatchObject({
      hours: 72,
      'approval.number': 'ОӘМ-2025/014',
      'approval.date': '2025-02-14',
      'completion.final_exam': true,
      'assessment.final_exam.attempts': 2,
    })
    expect(factsOfYml(YML.replace('hours: 72', 'hours: -1'))).toBeNull()
    expect(factsOfYml('hours: [')).toBeNull()
  })

  test('are written in place: only the changed values differ, comments and spacing stay', () => {
    const facts = factsOfYml(YML)!
    expect(ymlWithFacts(YML, facts)).toBe(YML)
    const changed = ymlWithFacts(YML, {
      ...facts,
      hours: 360,
      'approval.number': 'X "1"',
      'assessment.final_exam.attempts': 5,
      'completion.final_exam': false,
    })!
    expect(changed).toBe(
      YML.replace('hours: 72 ', 'hours: 360 ')
        .replace('"ОӘМ-2025/014"', '"X \\"1\\""')
        .replace('attempts: 2 }', 'attempts: 5 }')
        .replace('final_exam: true', 'final_exam: false'),
    )
    expect(factChanges(facts, factsOfYml(changed)!).map((c) => c.fact)).toEqual([
      'hours',
      'approval.number',
      'completion.final_exam',
      'assessment.final_exam.attempts',
    ])
  })

  test('an approval the file lacks is added, one set to none is removed', () => {
    const facts = factsOfYml(YML)!
    const without = ymlWithFacts(YML, { ...facts, 'approval.number': null, 'approval.date': null })!
    expect(without).not.toContain('approval')
    expect(without).toContain('# A course under test.')
    const back = ymlWithFacts(without, facts)!
    expect(factsOfYml(back)).toEqual(facts)
  })
})
