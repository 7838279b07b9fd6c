import type { InputHTMLAttributes, ReactNode, SelectHTMLAttributes, TextareaHTMLAttributes } from 'react'
import { useTranslateKey } from '#app/i18n/i18n.tsx'

// Form fields with a visible label, a description and translated errors tied
// to the control by aria-describedby. Used with Conform's get*Props helpers.

type WithKey<T> = T & { key?: string | number | null }

export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const translate = useTranslateKey()
  if (!errors?.length) return null
  return (
    <ul id={id} className="field-errors" role="list">
      {errors.map((e) => (
        <li key={e}>{translate(e)}</li>
      ))}
    </ul>
  )
}

interface FieldProps {
  label: ReactNode
  description?: ReactNode
  errors?: string[] | null
  errorId?: string
  inputProps: WithKey<InputHTMLAttributes<HTMLInputElement>>
}

export function Field({ label, description, errors, errorId, inputProps }: FieldProps) {
  const { key, id, ...rest } = inputProps
  const descriptionId = description ? `${id}-description` : undefined
  const describedBy = [descriptionId, errors?.length ? errorId : undefined].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {description ? (
        <p id={descriptionId} className="field-description">
          {description}
        </p>
      ) : null}
      <input key={key ?? undefined} id={id} {...rest} aria-describedby={describedBy} />
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

interface SelectFieldProps {
  label: ReactNode
  description?: ReactNode
  errors?: string[] | null
  errorId?: string
  selectProps: WithKey<SelectHTMLAttributes<HTMLSelectElement>>
  children: ReactNode
}

export function SelectField({ label, description, errors, errorId, selectProps, children }: SelectFieldProps) {
  const { key, id, ...rest } = selectProps
  const descriptionId = description ? `${id}-description` : undefined
  const describedBy = [descriptionId, errors?.length ? errorId : undefined].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {description ? (
        <p id={descriptionId} className="field-description">
          {description}
        </p>
      ) : null}
      <select key={key ?? undefined} id={id} {...rest} aria-describedby={describedBy}>
        {children}
      </select>
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/** A textarea laid out like Field: label, description and translated errors tied to it. */
export function TextareaField({
  label,
  description,
  errors,
  errorId,
  textareaProps,
}: {
  label: ReactNode
  description?: ReactNode
  errors?: string[] | null
  errorId?: string
  textareaProps: WithKey<TextareaHTMLAttributes<HTMLTextAreaElement>>
}) {
  const { key, id, ...rest } = textareaProps
  const descriptionId = description ? `${id}-description` : undefined
  const describedBy = [descriptionId, errors?.length ? errorId : undefined].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {description ? (
        <p id={descriptionId} className="field-description">
          {description}
        </p>
      ) : null}
      <textarea key={key ?? undefined} id={id} {...rest} aria-describedby={describedBy} />
      <ErrorList id={errorId} errors={errors} />
    </div>
  )
}

/** Errors that belong to the whole form (wrong password, rate limit). */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] | null }) {
  const translate = useTranslateKey()
  if (!errors?.length) return null
  return (
    <div id={id} className="form-errors" role="alert">
      {errors.map((e) => (
        <p key={e}>{translate(e)}</p>
      ))}
    </div>
  )
}

interface Choice {
  value: string
  label: ReactNode
  description?: ReactNode
}

interface ChoiceGroupProps {
  /** The question the choices answer: the group's legend. */
  legend: ReactNode
  description?: ReactNode
  name: string
  choices: readonly Choice[]
  errors?: string[] | null
  errorId?: string
  required?: boolean
  disabled?: boolean
}

function ChoiceGroup({
  type,
  legend,
  description,
  name,
  choices,
  errors,
  errorId,
  required,
  disabled,
  checked,
}: ChoiceGroupProps & { type: 'radio' | 'checkbox'; checked: (value: string) => boolean }) {
  const descriptionId = description ? `${name}-description` : undefined
  const describedBy = [descriptionId, errors?.length ? errorId : undefined].filter(Boolean).join(' ') || undefined
  return (
    <fieldset className="field choice-group" aria-describedby={describedBy} aria-invalid={errors?.length ? true : undefined} disabled={disabled}>
      <legend>{legend}</legend>
      {description ? (
        <p id={descriptionId} className="field-description">
          {description}
        </p>
      ) : null}
      {choices.map((choice, i) => {
        const id = `${name}-${i}`
        return (
          <div key={choice.value} className="choice">
            <input
              type={type}
              id={id}
              name={name}
              value={choice.value}
              defaultChecked={checked(choice.value)}
              required={type === 'radio' ? required : undefined}
              aria-describedby={choice.description ? `${id}-description` : undefined}
            />
            <label htmlFor={id}>{choice.label}</label>
            {choice.description ? (
              <p id={`${id}-description`} className="field-description">
                {choice.description}
              </p>
            ) : null}
          </div>
        )
      })}
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  )
}

/** One answer of several: radio buttons in a fieldset whose legend asks the question. */
export function RadioGroup({ defaultValue, ...props }: ChoiceGroupProps & { defaultValue?: string | null }) {
  return <ChoiceGroup type="radio" {...props} checked={(value) => value === defaultValue} />
}

/** Any answers of several: checkboxes sharing one name, in a fieldset whose legend asks the question. */
export function CheckboxGroup({ defaultValue, ...props }: ChoiceGroupProps & { defaultValue?: readonly string[] | null }) {
  return <ChoiceGroup type="checkbox" {...props} checked={(value) => defaultValue?.includes(value) ?? false} />
}

/**
 * The filters above a list: a GET form (so the filtered list has an address
 * to share and works without JavaScript), its fields, and one button to apply.
 */
export function FilterForm({ label, submitLabel, children, action }: { label: string; submitLabel: ReactNode; children: ReactNode; action?: string }) {
  return (
    <form method="get" action={action} className="filters" role="search" aria-label={label}>
      {children}
      <button type="submit" className="button button--secondary">
        {submitLabel}
      </button>
    </form>
  )
}
