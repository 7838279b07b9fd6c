import { z } from 'zod'

// The shape of content/courses/<slug>/course.yml, and of the manifest a
// published course version keeps: the course.yml facts plus every lesson's
// titles, minutes, quizzes and reflections. Client-safe (no server imports).

export const CONTENT_LANGS = ['kk', 'ru', 'en'] as const
export type ContentLang = (typeof CONTENT_LANGS)[number]

const text = z.string().trim().min(1)
const localized = z.object({ kk: text, ru: text, en: text.optional() })
export type Localized = z.infer<typeof localized>

export const slugPattern = /^[a-z0-9]+(?:-[a-z0-9]+)*$/
const id = z.string().regex(slugPattern, 'ids are lower-case latin letters, digits and hyphens')

/** Kinds of activity a course plan declares beside its lessons; a cohort's trainer records each. */
export const ACTIVITY_KINDS = ['webinar', 'practice', 'assignment', 'consultation'] as const
export type ActivityKind = (typeof ACTIVITY_KINDS)[number]

// Course plan (finding 8): what the approved hours are made of besides the
// lessons. Hours are academic hours (45 minutes), in halves.
const activity = z
  .object({
    id,
    kind: z.enum(ACTIVITY_KINDS),
    title: localized,
    hours: z.number().positive().max(500).refine((h) => Number.isInteger(h * 2), 'hours in whole or half academic hours'),
    /** The module it belongs with (shown there); none: the course as a whole. */
    module: id.optional(),
    /** Counted by the completion rule: attended (accepted, for an assignment) before the course completes. */
    required: z.boolean().default(true),
  })
  .strict()

const assessment = z.object({
  pass_mark: z.number().int().min(1).max(100),
  attempts: z.number().int().min(1).max(20),
})

export const CourseYamlSchema = z
  .object({
    title: localized,
    summary: localized,
    audience: z.enum(['teachers', 'parents']),
    hours: z.number().int().min(1).max(2000),
    languages: z.array(z.enum(CONTENT_LANGS)).min(1).refine((l) => new Set(l).size === l.length, 'languages repeat'),
    approval: z
      .object({
        number: text,
        date: z.union([z.string(), z.date()]).transform((d) => (d instanceof Date ? d.toISOString().slice(0, 10) : d)).pipe(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')),
      })
      .optional(),
    completion: z.object({
      lessons: z.literal('all'),
      module_quizzes: z.number().int().min(0).max(100),
      final_exam: z.boolean(),
      /** The share of a lesson's minutes a learner must spend on it before marking it done (0.5 when absent). */
      min_time_share: z.number().min(0).max(1).optional(),
    }),
    assessment: z.object({ module_quiz: assessment, final_exam: assessment }).optional(),
    /** The order a learner goes through the course, enforced on the server (docs/content-format.md). */
    order: z
      .object({
        /** Lessons open once the entry diagnostic is answered. */
        diagnostic_first: z.boolean().default(false),
        /** The final exam opens once every lesson is done and/or every module test passed. */
        final_exam_after: z.array(z.enum(['lessons', 'module_quizzes'])).default([]).refine((a) => new Set(a).size === a.length, 'final_exam_after repeats'),
      })
      .strict()
      .optional(),
    modules: z.array(z.object({ id, title: localized })).min(1),
    activities: z.array(activity).max(100).optional(),
    /** Monitoring surveys (content/surveys/<slug>.yml) and when to give them. */
    surveys: z
      .object({
        pre: id.optional(),
        end: z.object({ survey: id, required: z.boolean().default(false) }).optional(),
        followup: z.array(z.object({ survey: id, days: z.number().int().min(1).max(1000) })).optional(),
      })
      .strict()
      .optional(),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (c.audience === 'teachers' && !c.approval) ctx.addIssue({ code: 'custom', path: ['approval'], message: 'a teacher course needs its ministry approval (number and date)' })
    if (c.audience === 'teachers' && !c.assessment) ctx.addIssue({ code: 'custom', path: ['assessment'], message: 'a teacher course needs assessment settings' })
    const ids = c.modules.map((m) => m.id)
    if (new Set(ids).size !== ids.length) ctx.addIssue({ code: 'custom', path: ['modules'], message: 'module ids repeat' })
    const activityIds = (c.activities ?? []).map((a) => a.id)
    ;(c.activities ?? []).forEach((a, i) => {
      if (activityIds.indexOf(a.id) !== i) ctx.addIssue({ code: 'custom', path: ['activities', i, 'id'], message: `activity id "${a.id}" repeats` })
      if (a.module && !ids.includes(a.module)) ctx.addIssue({ code: 'custom', path: ['activities', i, 'module'], message: `module "${a.module}" is not listed in modules` })
    })
  })

export type CourseYaml = z.infer<typeof CourseYamlSchema>

export const LessonFrontmatterSchema = z
  .object({
    title: text,
    minutes: z.number().int().min(1).max(600),
  })
  .strict()

export type QuizKind = 'diagnostic' | 'module' | 'final'

export interface QuizQuestionKey {
  id: string
  type: 'single' | 'multiple'
  options: string[]
  correct: string[]
}

/** A quiz's answer key, taken out of the lesson at compile time. Server only. */
export interface QuizKey {
  id: string
  kind: QuizKind
  questions: QuizQuestionKey[]
}

export interface ManifestLesson {
  id: string
  title: Partial<Record<ContentLang, string>>
  minutes: number
  quizzes: { id: string; kind: QuizKind; questions: number }[]
  reflections: string[]
}

export type ManifestActivity = z.infer<typeof activity>

export interface ManifestModule {
  id: string
  title: Localized
  lessons: ManifestLesson[]
}

export interface CourseManifest {
  slug: string
  audience: 'teachers' | 'parents'
  title: Localized
  summary: Localized
  hours: number
  languages: ContentLang[]
  approval: { number: string; date: string } | null
  completion: CourseYaml['completion']
  assessment: CourseYaml['assessment'] | null
  surveys?: CourseYaml['surveys'] | null
  /** Absent in versions published before order rules: no order enforced. */
  order?: CourseYaml['order'] | null
  modules: ManifestModule[]
  /** The plan's activities besides the lessons (absent in versions published before finding 8). */
  activities?: ManifestActivity[]
}

export function pickLocalized(value: Partial<Record<ContentLang, string>>, lang: string): string {
  return value[lang as ContentLang] ?? value.kk ?? value.ru ?? value.en ?? ''
}

/** Every lesson in order, with its module. */
export function flatLessons(manifest: CourseManifest): { module: ManifestModule; lesson: ManifestLesson; index: number }[] {
  let index = 0
  return manifest.modules.flatMap((module) => module.lessons.map((lesson) => ({ module, lesson, index: index++ })))
}

export function totalMinutes(manifest: CourseManifest): number {
  return flatLessons(manifest).reduce((sum, { lesson }) => sum + lesson.minutes, 0)
}

/** The share of a lesson's minutes to be spent on it before it may be marked done. */
export const DEFAULT_MIN_TIME_SHARE = 0.5

export function minTimeShare(manifest: CourseManifest): number {
  return manifest.completion.min_time_share ?? DEFAULT_MIN_TIME_SHARE
}
