import { z } from 'zod'
import { ACTIVITY_KINDS, CONTENT_LANGS, type CourseManifest, type QuizQuestionKey } from '#app/modules/content/manifest.ts'

// The manifest and quiz keys a published version keeps as JSON, read back
// through schemas: a row written by an older release (before order rules or
// course plans) still reads, and a damaged one fails here rather than deep in
// a learner's request. Keys are declared in the order they are written, so a
// value read back serialises as it was stored.

const localized = z.object({ kk: z.string(), ru: z.string(), en: z.string().optional() })
const someLanguages = z.record(z.enum(CONTENT_LANGS), z.string())
const quizKind = z.enum(['diagnostic', 'module', 'final'])
const rule = z.object({ pass_mark: z.number(), attempts: z.number() })

const lesson = z.object({
  id: z.string(),
  title: someLanguages,
  minutes: z.number(),
  quizzes: z.array(z.object({ id: z.string(), kind: quizKind, questions: z.number() })),
  reflections: z.array(z.string()),
})

const activity = z.object({
  id: z.string(),
  kind: z.enum(ACTIVITY_KINDS),
  title: localized,
  hours: z.number(),
  module: z.string().optional(),
  required: z.boolean().default(true),
})

export const StoredManifestSchema: z.ZodType<CourseManifest, z.ZodTypeDef, unknown> = z.object({
  slug: z.string(),
  audience: z.enum(['teachers', 'parents']),
  title: localized,
  summary: localized,
  hours: z.number(),
  languages: z.array(z.enum(CONTENT_LANGS)),
  approval: z.object({ number: z.string(), date: z.string() }).nullable(),
  completion: z.object({ lessons: z.literal('all'), module_quizzes: z.number(), final_exam: z.boolean(), min_time_share: z.number().optional() }),
  assessment: z.object({ module_quiz: rule, final_exam: rule }).nullable(),
  surveys: z
    .object({
      pre: z.string().optional(),
      end: z.object({ survey: z.string(), required: z.boolean().default(false) }).optional(),
      followup: z.array(z.object({ survey: z.string(), days: z.number() })).optional(),
    })
    .nullish(),
  order: z.object({ diagnostic_first: z.boolean().default(false), final_exam_after: z.array(z.enum(['lessons', 'module_quizzes'])).default([]) }).nullish(),
  modules: z.array(z.object({ id: z.string(), title: localized, lessons: z.array(lesson) })),
  activities: z.array(activity).optional(),
})

/** A quiz's answer key as quiz_keys.questions keeps it. */
export const QuizQuestionKeysSchema: z.ZodType<QuizQuestionKey[], z.ZodTypeDef, unknown> = z.array(
  z.object({ id: z.string(), type: z.enum(['single', 'multiple']), options: z.array(z.string()), correct: z.array(z.string()) }),
)
