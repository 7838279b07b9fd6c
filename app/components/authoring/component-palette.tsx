import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react'
import { createPortal } from 'react-dom'
import { ErrorList, Field, SelectField } from '#app/components/forms.tsx'
import { useT, type MessageKey } from '#app/i18n/i18n.tsx'
import { buildSnippet, CALLOUT_TYPES, OPTION_IDS, QUIZ_KINDS, SNIPPET_KINDS, type SnippetKind } from './snippets.ts'

// Buttons that write a lesson component for the author: each opens a modal
// <dialog> with the component's fields, checks them, and hands the MDX to
// onInsert. The dialogs live in a portal on <body>: the palette usually sits
// inside the editor's save form, and a form may not hold another form.
// Without JavaScript there is nothing to open: a note says so.

export interface MediaItem {
  url: string
  name: string
  kind: 'video' | 'pdf' | 'image' | 'captions'
}

export interface ComponentPaletteProps {
  /** The course's media library, offered in the dialogs that need an address. */
  media: MediaItem[]
  /** Receives a finished snippet; the editor puts it at the caret (LessonSourceEditorHandle.insertBlock). */
  onInsert: (snippet: string) => void
}

const NAMES: Record<SnippetKind, MessageKey> = {
  callout: 'editor.palette.callout',
  figure: 'editor.palette.figure',
  video: 'editor.palette.video',
  download: 'editor.palette.download',
  reflection: 'editor.palette.reflection',
  quiz: 'editor.palette.quiz',
}

type Errors = Record<string, string[]>

function useHydrated(): boolean {
  const [hydrated, setHydrated] = useState(false)
  useEffect(() => setHydrated(true), [])
  return hydrated
}

export function ComponentPalette({ media, onInsert }: ComponentPaletteProps) {
  const t = useT()
  const hydrated = useHydrated()
  const titleId = useId()
  const [open, setOpen] = useState<SnippetKind | null>(null)
  const opener = useRef<HTMLButtonElement | null>(null)

  return (
    <section className="component-palette" aria-labelledby={titleId}>
      <h2 id={titleId} className="component-palette__title">
        {t('editor.palette.title')}
      </h2>
      {hydrated ? (
        <ul role="list" className="component-palette__buttons">
          {SNIPPET_KINDS.map((kind) => (
            <li key={kind}>
              <button
                type="button"
                className="button button--secondary"
                aria-haspopup="dialog"
                onClick={(event) => {
                  opener.current = event.currentTarget
                  setOpen(kind)
                }}
              >
                {t(NAMES[kind])}
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="field-description">{t('editor.palette.noScript')}</p>
      )}
      {hydrated && open
        ? createPortal(
            <SnippetDialog
              kind={open}
              media={media}
              onInsert={onInsert}
              onClosed={(inserted) => {
                setOpen(null)
                // After an insert the focus is in the text, at the new component.
                if (!inserted) opener.current?.focus()
              }}
            />,
            document.body,
          )
        : null}
    </section>
  )
}

function SnippetDialog({
  kind,
  media,
  onInsert,
  onClosed,
}: {
  kind: SnippetKind
  media: MediaItem[]
  onInsert: (snippet: string) => void
  onClosed: (inserted: boolean) => void
}) {
  const t = useT()
  const titleId = useId()
  const dialog = useRef<HTMLDialogElement>(null)
  const inserted = useRef(false)
  const [errors, setErrors] = useState<Errors>({})
  const [attempt, setAttempt] = useState(0)

  useEffect(() => {
    const el = dialog.current
    if (el && !el.open) el.showModal()
  }, [])

  // After a refused Insert, take the author to the first field to correct.
  useEffect(() => {
    if (attempt) dialog.current?.querySelector<HTMLElement>('[aria-invalid="true"], fieldset[data-invalid] input')?.focus()
  }, [attempt])

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    // React passes events up through the portal: the editor's own form must not see this one.
    event.stopPropagation()
    const result = buildSnippet(kind, Object.fromEntries(new FormData(event.currentTarget)))
    if (!result.ok) {
      setErrors(result.errors)
      setAttempt((n) => n + 1)
      return
    }
    inserted.current = true
    dialog.current?.close()
    onInsert(result.snippet)
  }

  const hasErrors = Object.keys(errors).length > 0
  return (
    <dialog ref={dialog} className="palette-dialog" aria-labelledby={titleId} onClose={() => onClosed(inserted.current)}>
      <form noValidate onSubmit={submit} className="palette-dialog__form">
        <h2 id={titleId} className="palette-dialog__title">
          {t('editor.palette.dialogTitle', { component: t(NAMES[kind]) })}
        </h2>
        {hasErrors ? (
          <p className="form-errors" role="alert">
            {t('editor.palette.fixFields')}
          </p>
        ) : null}
        <DialogFields kind={kind} media={media} errors={errors} />
        <div className="actions palette-dialog__actions">
          <button type="submit" className="button">
            {t('editor.palette.insert')}
          </button>
          <button type="button" className="button button--secondary" onClick={() => dialog.current?.close()}>
            {t('editor.palette.cancel')}
          </button>
        </div>
      </form>
    </dialog>
  )
}

function DialogFields({ kind, media, errors }: { kind: SnippetKind; media: MediaItem[]; errors: Errors }) {
  const t = useT()
  const of = (k: MediaItem['kind']) => media.filter((m) => m.kind === k)
  switch (kind) {
    case 'callout':
      return (
        <>
          <PaletteSelect name="type" label={t('editor.field.calloutType')} errors={errors} defaultValue="info">
            {CALLOUT_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`editor.calloutType.${type}`)}
              </option>
            ))}
          </PaletteSelect>
          <PaletteInput name="title" label={t('editor.field.calloutTitle')} errors={errors} />
          <PaletteTextarea name="text" label={t('editor.field.calloutText')} description={t('editor.field.markdownHint')} errors={errors} />
        </>
      )
    case 'figure':
      return (
        <>
          <AddressField name="src" label={t('editor.field.imageSrc')} items={of('image')} errors={errors} />
          <PaletteInput name="alt" label={t('editor.field.alt')} description={t('editor.field.altHint')} errors={errors} required />
          <PaletteInput name="caption" label={t('editor.field.caption')} errors={errors} />
        </>
      )
    case 'video':
      return (
        <>
          <AddressField name="src" label={t('editor.field.videoSrc')} items={of('video')} errors={errors} />
          <PaletteInput name="title" label={t('editor.field.videoTitle')} errors={errors} required />
          <AddressField name="captions" label={t('editor.field.captions')} items={of('captions')} errors={errors} />
        </>
      )
    case 'download':
      return (
        <>
          <AddressField name="href" label={t('editor.field.downloadHref')} items={of('pdf')} errors={errors} />
          <PaletteInput name="title" label={t('editor.field.downloadTitle')} errors={errors} required />
        </>
      )
    case 'reflection':
      return (
        <>
          <PaletteInput
            name="id"
            label={t('editor.field.reflectionId')}
            description={t('editor.field.idHint')}
            errors={errors}
            required
            autoCapitalize="off"
            spellCheck={false}
          />
          <PaletteTextarea name="prompt" label={t('editor.field.reflectionPrompt')} errors={errors} rows={2} />
        </>
      )
    case 'quiz':
      return <QuizFields errors={errors} />
  }
}

function QuizFields({ errors }: { errors: Errors }) {
  const t = useT()
  const correctId = useId()
  const correctErrors = errors.correct
  return (
    <>
      <p className="field-description">{t('editor.field.quizHint')}</p>
      <PaletteInput
        name="id"
        label={t('editor.field.quizId')}
        description={t('editor.field.idHint')}
        errors={errors}
        required
        autoCapitalize="off"
        spellCheck={false}
      />
      <PaletteSelect name="kind" label={t('editor.field.quizKind')} errors={errors} defaultValue="module">
        {QUIZ_KINDS.map((kind) => (
          <option key={kind} value={kind}>
            {t(`editor.quizKind.${kind}`)}
          </option>
        ))}
      </PaletteSelect>
      <PaletteTextarea name="prompt" label={t('editor.field.questionPrompt')} errors={errors} rows={2} />
      {OPTION_IDS.map((id, index) => (
        <PaletteInput key={id} name={id} label={t('editor.field.option', { n: index + 1 })} errors={errors} required />
      ))}
      <fieldset
        className="palette-dialog__choices"
        data-invalid={correctErrors?.length ? true : undefined}
        aria-describedby={correctErrors?.length ? `${correctId}-errors` : undefined}
      >
        <legend>{t('editor.field.rightAnswer')}</legend>
        {OPTION_IDS.map((id, index) => (
          <div key={id} className="option">
            <input type="radio" id={`${correctId}-${id}`} name="correct" value={id} />
            <label htmlFor={`${correctId}-${id}`}>{t('editor.field.option', { n: index + 1 })}</label>
          </div>
        ))}
        <ErrorList id={`${correctId}-errors`} errors={correctErrors} />
      </fieldset>
    </>
  )
}

interface PaletteFieldProps {
  name: string
  label: ReactNode
  errors: Errors
  description?: ReactNode
}

function PaletteInput({
  name,
  label,
  errors,
  description,
  required,
  autoCapitalize,
  spellCheck,
}: PaletteFieldProps & { required?: boolean; autoCapitalize?: string; spellCheck?: boolean }) {
  const id = useId()
  const fieldErrors = errors[name]
  return (
    <Field
      label={label}
      description={description}
      errors={fieldErrors}
      errorId={`${id}-errors`}
      inputProps={{ id, name, type: 'text', required, autoCapitalize, spellCheck, 'aria-invalid': fieldErrors?.length ? true : undefined }}
    />
  )
}

function PaletteSelect({ name, label, errors, defaultValue, children }: PaletteFieldProps & { defaultValue: string; children: ReactNode }) {
  const id = useId()
  const fieldErrors = errors[name]
  return (
    <SelectField
      label={label}
      errors={fieldErrors}
      errorId={`${id}-errors`}
      selectProps={{ id, name, defaultValue, 'aria-invalid': fieldErrors?.length ? true : undefined }}
    >
      {children}
    </SelectField>
  )
}

function PaletteTextarea({ name, label, errors, description, rows = 4 }: PaletteFieldProps & { rows?: number }) {
  const id = useId()
  const fieldErrors = errors[name]
  const describedBy = [description ? `${id}-description` : null, fieldErrors?.length ? `${id}-errors` : null].filter(Boolean).join(' ') || undefined
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {description ? (
        <p id={`${id}-description`} className="field-description">
          {description}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={rows} required aria-invalid={fieldErrors?.length ? true : undefined} aria-describedby={describedBy} />
      <ErrorList id={`${id}-errors`} errors={fieldErrors} />
    </div>
  )
}

/** An address typed, or filled in by choosing a file of the course's library. */
function AddressField({ name, label, items, errors }: PaletteFieldProps & { items: MediaItem[] }) {
  const t = useT()
  const id = useId()
  const [value, setValue] = useState('')
  const fieldErrors = errors[name]
  const chosen = items.some((m) => m.url === value) ? value : ''
  return (
    <div className="palette-dialog__address">
      {items.length ? (
        <div className="field">
          <label htmlFor={`${id}-library`}>{t('editor.field.library')}</label>
          <select id={`${id}-library`} value={chosen} onChange={(event) => setValue(event.currentTarget.value)}>
            <option value="">{t('editor.field.libraryNone')}</option>
            {items.map((m) => (
              <option key={m.url} value={m.url}>
                {m.name}
              </option>
            ))}
          </select>
        </div>
      ) : null}
      <Field
        label={label}
        description={t(items.length ? 'editor.field.addressHint' : 'editor.field.libraryEmpty')}
        errors={fieldErrors}
        errorId={`${id}-errors`}
        inputProps={{
          id,
          name,
          type: 'text',
          inputMode: 'url',
          required: true,
          autoCapitalize: 'off',
          spellCheck: false,
          value,
          onChange: (event) => setValue(event.currentTarget.value),
          'aria-invalid': fieldErrors?.length ? true : undefined,
        }}
      />
    </div>
  )
}
