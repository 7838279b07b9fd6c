import { z } from 'zod'

// The two forms of a valid certificate, checked in the browser and again by the action.

export const ReissueSchema = z.object({
  intent: z.literal('reissue'),
  holder: z
    .string({ required_error: 'admin.certificates.reissue.holderShort' })
    .trim()
    .min(3, 'admin.certificates.reissue.holderShort')
    .max(120, 'validation.tooLong'),
})

export const RevokeSchema = z.object({
  intent: z.literal('revoke'),
  reason: z
    .string({ required_error: 'admin.certificates.revoke.reasonShort' })
    .trim()
    .min(3, 'admin.certificates.revoke.reasonShort')
    .max(500, 'admin.certificates.revoke.reasonLong'),
})
