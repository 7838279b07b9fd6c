import { Form } from '@remix-run/react'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { Field } from './forms.tsx'

/** What the form says, as message keys: its label, the hint beneath it, why a typed code was refused, its button. */
export interface CodeEntryWords {
  label: MessageKey
  hint: MessageKey
  invalid: MessageKey
  submit: MessageKey
}

/**
 * A form to type a code: a lesson session's check-in code (/c), a
 * certificate's verification code (/verify). A GET form, so it works without
 * JavaScript: the loader at `action` sends a well-formed code to its page and
 * shows this form again, `invalid`, for anything else.
 */
export function CodeEntryForm({
  action,
  id,
  words,
  typed = '',
  invalid = false,
  className,
}: {
  action: string
  /** The input's id; the hint and the error take theirs from it. */
  id: string
  words: CodeEntryWords
  typed?: string
  invalid?: boolean
  className?: string
}) {
  const t = useT()
  return (
    <Form method="get" action={action} className={className ? `stack ${className}` : 'stack'}>
      <Field
        label={t(words.label)}
        description={t(words.hint)}
        errors={invalid ? [words.invalid] : null}
        errorId={`${id}-error`}
        inputProps={{
          id,
          name: 'code',
          defaultValue: typed,
          maxLength: 64,
          autoComplete: 'off',
          autoCapitalize: 'characters',
          spellCheck: false,
          required: true,
          'aria-invalid': invalid || undefined,
        }}
      />
      <button type="submit" className="button">
        {t(words.submit)}
      </button>
    </Form>
  )
}

export const CHECKIN_CODE_WORDS: CodeEntryWords = { label: 'checkin.code', hint: 'checkin.codeHint', invalid: 'checkin.codeEmpty', submit: 'checkin.go' }
export const VERIFY_CODE_WORDS: CodeEntryWords = { label: 'verify.code', hint: 'verify.codeHint', invalid: 'verify.malformed', submit: 'verify.submit' }
