import { z } from 'zod'
import type { CourseYaml } from '#app/modules/content/manifest.ts'

// A course's accreditation facts: what its certificate certifies and what a
// teacher must do to earn it. A version carries them in course.yml; only an
// admin's approval of another person's request changes them (ADR 017).
// Client-safe.

/** Each fact by its path in course.yml. */
export const FACT_KEYS = [
  'hours',
  'approval.number',
  'approval.date',
  'completion.module_quizzes',
  'completion.final_exam',
  'completion.min_time_share',
  'order.diagnostic_first',
  'assessment.module_quiz.pass_mark',
  'assessment.module_quiz.attempts',
  'assessment.final_exam.pass_mark',
  'assessment.final_exam.attempts',
] as const

export type FactKey = (typeof FACT_KEYS)[number]
const FactValueSchema = z.union([z.string(), z.number(), z.boolean(), z.null()])
export type FactValue = z.infer<typeof FactValueSchema>
export type AccreditationFacts = Record<FactKey, FactValue>

export const AccreditationFactsSchema = z.object(Object.fromEntries(FACT_KEYS.map((k) => [k, FactValueSchema])) as Record<FactKey, typeof FactValueSchema>)
export const FactChangesSchema = z.array(z.object({ fact: z.enum(FACT_KEYS), from: FactValueSchema, to: FactValueSchema }))
export type FactChange = z.infer<typeof FactChangesSchema>[number]

/** The facts of a checked course.yml or of a version's manifest. */
export function factsOf(
  c: Pick<CourseYaml, 'hours' | 'completion'> & {
    approval?: CourseYaml['approval'] | null
    assessment?: CourseYaml['assessment'] | null
    order?: CourseYaml['order'] | null
  },
): AccreditationFacts {
  return {
    hours: c.hours,
    'approval.number': c.approval?.number ?? null,
    'approval.date': c.approval?.date ?? null,
    'completion.module_quizzes': c.completion.module_quizzes,
    'completion.final_exam': c.completion.final_exam,
    // Time on task and the diagnostic's place decide what a certificate attests as much as the marks do.
    'completion.min_time_share': c.completion.min_time_share ?? null,
    'order.diagnostic_first': c.order?.diagnostic_first ?? null,
    'assessment.module_quiz.pass_mark': c.assessment?.module_quiz.pass_mark ?? null,
    'assessment.module_quiz.attempts': c.assessment?.module_quiz.attempts ?? null,
    'assessment.final_exam.pass_mark': c.assessment?.final_exam.pass_mark ?? null,
    'assessment.final_exam.attempts': c.assessment?.final_exam.attempts ?? null,
  }
}

/** The facts that differ, in FACT_KEYS order. */
export function factChanges(before: AccreditationFacts, after: AccreditationFacts): FactChange[] {
  return FACT_KEYS.filter((k) => before[k] !== after[k]).map((fact) => ({ fact, from: before[fact], to: after[fact] }))
}

/** `facts` with the changes laid over them. */
export function withChanges(facts: AccreditationFacts, changes: readonly FactChange[]): AccreditationFacts {
  const out = { ...facts }
  for (const c of changes) out[c.fact] = c.to
  return out
}
