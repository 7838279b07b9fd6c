import { z } from 'zod'

// The retake form's fields, checked in the browser and again by the action.
export const RetakeSchema = z.object({
  intent: z.literal('retake'),
  enrolmentId: z.string({ required_error: 'cohort.retake.error.teacher' }).min(1, 'cohort.retake.error.teacher'),
  quizId: z.string({ required_error: 'cohort.retake.error.quiz' }).min(1, 'cohort.retake.error.quiz'),
  attempts: z
    .number({ required_error: 'cohort.retake.error.attempts', invalid_type_error: 'cohort.retake.error.attempts' })
    .int('cohort.retake.error.attempts')
    .min(1, 'cohort.retake.error.attempts')
    .max(5, 'cohort.retake.error.attempts'),
  reason: z.string({ required_error: 'cohort.retake.error.reason' }).trim().min(3, 'cohort.retake.error.reason').max(500, 'cohort.retake.error.reasonTooLong'),
})
