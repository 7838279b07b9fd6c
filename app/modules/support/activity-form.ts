import { z } from 'zod'
import type { ListMessage } from '#app/modules/auth/iin-list.server.ts'
import { MAX_IIN_LINES } from '#app/modules/auth/iin-list.server.ts'

// Post-course support: the mentoring, webinars, consultations and lesson
// observations trainers hold with teachers after a course. This file is the
// form and its words; recording.server.ts writes an activity, reading.server.ts
// lists and shows them, teacher-support.server.ts is the teacher's own page.

export const SUPPORT_KINDS = ['mentoring', 'webinar', 'consultation', 'observation'] as const
export type SupportKind = (typeof SUPPORT_KINDS)[number]
export const CHECKLIST_ANSWERS = ['yes', 'partly', 'no'] as const
export type ChecklistAnswer = (typeof CHECKLIST_ANSWERS)[number]

/** A message key with its values, translated where it is shown. */
export type SupportMessage = ListMessage

/**
 * The reach of the work's actor: adminRegions(user), null for an admin
 * (everything), a regional admin's regions, [] for a trainer (their own
 * cohorts and activities only).
 */
export type SupportRegions = string[] | null

const isoDate = z
  .string({ required_error: 'validation.required' })
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'validation.date')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'validation.date')
const entry = z.object({
  answer: z.enum(CHECKLIST_ANSWERS, { errorMap: () => ({ message: 'support.error.answerRequired' }) }).optional(),
  comment: z.string().trim().max(500, 'validation.tooLong').optional(),
})
/** The lesson observation checklist: fixed items, each answered yes, partly or no, with a comment. */
const ChecklistSchema = z.object({ climate: entry, rules: entry, inclusion: entry, feedback: entry, conflict: entry, wellbeing: entry, methods: entry })
export const CHECKLIST_ITEMS = ChecklistSchema.keyof().options
export type ChecklistItem = (typeof CHECKLIST_ITEMS)[number]

export const SupportActivitySchema = z.object({
  kind: z.enum(SUPPORT_KINDS, { errorMap: () => ({ message: 'support.error.kind' }) }),
  title: z.string({ required_error: 'validation.required' }).trim().min(3, 'validation.required').max(200, 'validation.tooLong'),
  heldOn: isoDate,
  trainerId: z.string().trim().max(32).optional(),
  cohortId: z.string().trim().max(32).optional(),
  participantIds: z.array(z.string().max(32)).max(MAX_IIN_LINES).default([]),
  iins: z.string().max(200_000, 'validation.tooLong').optional(),
  notes: z.string().trim().max(4000, 'validation.tooLong').optional(),
  checklist: ChecklistSchema.optional(),
})

export type SupportActivityInput = z.input<typeof SupportActivitySchema>

export interface RecordInput {
  kind: SupportKind
  title: string
  heldOn: string
  trainerId?: string
  cohortId?: string
  /** Teachers ticked from the cohort's list: each must have completed the course in that cohort. */
  participantIds?: string[]
  /** A pasted list of IINs. */
  iins?: string
  /** The text of an uploaded list (see readIinFile). */
  iinFile?: string
  notes?: string
  checklist?: Partial<Record<ChecklistItem, { answer?: ChecklistAnswer; comment?: string }>>
}

export interface SupportProblems {
  fieldErrors: Record<string, SupportMessage[]>
  formErrors: SupportMessage[]
}
