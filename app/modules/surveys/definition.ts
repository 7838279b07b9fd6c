import { z } from 'zod'

// The shape of content/surveys/<slug>.yml (docs/content-format.md, Surveys).
// Client-safe: the answering page renders from a parsed definition.

const text = z.string().trim().min(1)
const localized = z.object({ kk: text, ru: text, en: text.optional() }).strict()
const id = z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'ids are lower-case latin letters, digits and hyphens')

const option = z.object({ id, text: localized }).strict()
const base = { id, text: localized, required: z.boolean().optional() }

export const QuestionSchema = z.discriminatedUnion('type', [
  z.object({ ...base, type: z.literal('likert') }).strict(),
  z.object({ ...base, type: z.literal('scale10') }).strict(),
  z.object({ ...base, type: z.literal('text') }).strict(),
  z.object({ ...base, type: z.literal('single'), options: z.array(option).min(2) }).strict(),
  z.object({ ...base, type: z.literal('multiple'), options: z.array(option).min(2) }).strict(),
  z.object({ ...base, type: z.literal('matrix'), rows: z.array(z.object({ id, text: localized }).strict()).min(1) }).strict(),
])

export type SurveyQuestion = z.infer<typeof QuestionSchema>

export const SurveyPurposes = ['pre', 'end', 'followup', 'parent-feedback'] as const
export type SurveyPurpose = (typeof SurveyPurposes)[number]

export const SurveySchema = z
  .object({
    title: localized,
    intro: localized.optional(),
    purpose: z.enum(SurveyPurposes),
    anonymous: z.boolean(),
    scales: z.array(z.object({ id, title: localized, items: z.array(id).min(1), reverse: z.array(id).optional() }).strict()).optional(),
    questions: z.array(QuestionSchema).min(1),
  })
  .strict()
  .superRefine((s, ctx) => {
    const itemIds = new Map<string, string>()
    s.questions.forEach((q, i) => {
      const ids = q.type === 'matrix' ? [q.id, ...q.rows.map((r) => r.id)] : [q.id]
      for (const itemId of ids) {
        if (itemIds.has(itemId)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate question id "${itemId}"` })
        itemIds.set(itemId, q.type === 'matrix' && itemId !== q.id ? 'likert' : q.type)
      }
      if ((q.type === 'single' || q.type === 'multiple') && new Set(q.options.map((o) => o.id)).size !== q.options.length) {
        ctx.addIssue({ code: 'custom', path: ['questions', i, 'options'], message: `duplicate option id in "${q.id}"` })
      }
    })
    s.scales?.forEach((scale, i) => {
      for (const item of scale.items) {
        if (itemIds.get(item) !== 'likert')
          ctx.addIssue({ code: 'custom', path: ['scales', i, 'items'], message: `scale item "${item}" is not a Likert question or matrix row` })
      }
      for (const r of scale.reverse ?? []) {
        if (!scale.items.includes(r))
          ctx.addIssue({ code: 'custom', path: ['scales', i, 'reverse'], message: `reverse item "${r}" is not in the scale's items` })
      }
    })
  })

export type SurveyDefinition = z.infer<typeof SurveySchema>

export function isRequired(q: SurveyQuestion): boolean {
  return q.required ?? q.type !== 'text'
}

/** Every answerable item: matrix rows count as Likert items of their own. */
export interface SurveyItem {
  id: string
  type: 'likert' | 'scale10' | 'text' | 'single' | 'multiple'
  question: SurveyQuestion
}

export function surveyItems(def: SurveyDefinition): SurveyItem[] {
  return def.questions.flatMap((q): SurveyItem[] =>
    q.type === 'matrix' ? q.rows.map((r) => ({ id: r.id, type: 'likert', question: q })) : [{ id: q.id, type: q.type, question: q }],
  )
}
