import { z } from 'zod'

// The roster upload form, checked the same way in the browser and on the server.
export const RosterFormSchema = z.object({
  cohortId: z.string().max(32).optional(),
  sheet: z.string().trim().max(100).optional(),
  file: z.instanceof(File, { message: 'import.form.fileRequired' }).refine((f) => f.size > 0, 'import.form.fileRequired'),
})
