import { z } from 'zod'
import { iinField } from '#app/modules/auth/forms.ts'

// The page's two forms, one schema each for the browser's checks; the action
// reads either by its intent.

export const IssueSchema = z.object({
  intent: z.literal('issue'),
  iin: iinField,
  courseId: z.string({ required_error: 'admin.certificates.issue.courseRequired' }).trim().min(1, 'admin.certificates.issue.courseRequired').max(100),
})

export const ZipSchema = z.object({
  intent: z.literal('zip'),
  cohortId: z.string({ required_error: 'admin.certificates.zip.cohortRequired' }).regex(/^[a-z2-7]{16}$/, 'admin.certificates.zip.cohortRequired'),
})

export const ActionSchema = z.discriminatedUnion('intent', [IssueSchema, ZipSchema])

/** The list's filters, from the query string; a value that does not fit is dropped. */
export const SearchSchema = z.object({
  q: z.string().trim().max(100).optional().catch(undefined),
  course: z.string().trim().max(100).optional().catch(undefined),
  cohort: z
    .string()
    .regex(/^[a-z2-7]{16}$/)
    .optional()
    .catch(undefined),
  region: z
    .string()
    .regex(/^KZ-\d{2}$/)
    .optional()
    .catch(undefined),
  year: z.coerce.number().int().min(2000).max(2100).optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
})
