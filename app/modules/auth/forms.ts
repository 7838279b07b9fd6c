import { z } from 'zod'
import { iinProblem } from './iin.ts'

// Form schemas shared by the browser (Conform validates as you type) and the
// server (the only check that counts). Messages are i18n keys.

export const PASSWORD_MIN = 10
export const PASSWORD_MAX = 128

const trimmed = (max: number) => z.string({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(max, 'validation.tooLong')

export const emailField = trimmed(254).toLowerCase().pipe(z.string().email('validation.email'))

export const iinField = z
  .string({ required_error: 'validation.required' })
  .trim()
  .min(1, 'validation.required')
  .superRefine((value, ctx) => {
    const problem = iinProblem(value)
    if (problem) ctx.addIssue({ code: z.ZodIssueCode.custom, message: `validation.iin.${problem}` })
  })

export const passwordField = z
  .string({ required_error: 'validation.required' })
  .min(PASSWORD_MIN, 'validation.passwordShort')
  .max(PASSWORD_MAX, 'validation.tooLong')

export const RegisterSchema = z
  .object({
    iin: iinField,
    fullName: trimmed(120).pipe(z.string().min(3, 'validation.nameShort')),
    email: emailField,
    phone: z
      .string()
      .trim()
      .max(20, 'validation.tooLong')
      .regex(/^\+?[0-9 ()-]{10,20}$/, 'validation.phone')
      .optional(),
    regionCode: trimmed(8).pipe(z.string().regex(/^KZ-\d{2}$/, 'validation.region')),
    schoolId: trimmed(64),
    password: passwordField,
    passwordConfirm: z.string({ required_error: 'validation.required' }),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.passwordMismatch' })

export type RegisterInput = z.infer<typeof RegisterSchema>

export const LoginSchema = z.object({
  login: trimmed(254),
  password: z.string({ required_error: 'validation.required' }).min(1, 'validation.required').max(PASSWORD_MAX, 'validation.tooLong'),
  redirectTo: z.string().optional(),
})

export const ChangePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: 'validation.required' }).max(PASSWORD_MAX, 'validation.tooLong'),
    newPassword: passwordField,
    newPasswordConfirm: z.string({ required_error: 'validation.required' }),
  })
  .refine((v) => v.newPassword === v.newPasswordConfirm, { path: ['newPasswordConfirm'], message: 'validation.passwordMismatch' })

export const ForgotPasswordSchema = z.object({ email: emailField })

export const ResetPasswordSchema = z
  .object({
    password: passwordField,
    passwordConfirm: z.string({ required_error: 'validation.required' }),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], message: 'validation.passwordMismatch' })
