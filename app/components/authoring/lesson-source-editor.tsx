import { forwardRef, useCallback, useId, useImperativeHandle, useRef, useState, type ReactNode } from 'react'
import { useT } from '#app/i18n/i18n.tsx'
import { blockOffset, lineColumnAt, offsetAt, placeBlock } from './snippets.ts'
import type { PreviewProblem } from './use-live-preview.ts'

// The lesson's MDX source: a plain <textarea> that a form posts as it is, so
// the editor works without JavaScript. With it, the caret's line and column
// are shown, each problem moves the caret to its place, and the palette
// inserts components at the caret. Tab keeps its usual meaning (next control),
// so a keyboard user is never trapped in the text.

export interface LessonSourceEditorHandle {
  /** Puts `text` in place of the selection, as if typed (undo keeps working), and focuses the text. */
  insert(text: string): void
  /** Like insert, with blank lines around `text` so MDX reads it as a block of its own, and never inside the frontmatter. */
  insertBlock(text: string): void
  /** Focuses the text with the caret at a 1-based line and column, scrolled into view. */
  goTo(line: number, column: number): void
}

export interface LessonSourceEditorProps {
  /** The textarea's form field name. */
  name: string
  /**
   * The id of the form it belongs to, when it stands outside that form (a
   * lesson's preview may hold forms of its own, and forms cannot nest).
   */
  form?: string
  label: ReactNode
  defaultValue: string
  /** Called with the whole source after every change (typing or an insert). */
  onValueChange?: (value: string) => void
  /** Problems to list beside the text, each a button that goes to its place. */
  problems?: PreviewProblem[]
  description?: ReactNode
  id?: string
  rows?: number
  maxLength?: number
  disabled?: boolean
}

/** The caret's offset from the top of the textarea's content, measured on an off-screen copy of it. */
function caretTop(textarea: HTMLTextAreaElement, offset: number): number {
  const style = getComputedStyle(textarea)
  const mirror = document.createElement('div')
  const copied = [
    'fontFamily',
    'fontSize',
    'fontWeight',
    'lineHeight',
    'letterSpacing',
    'wordSpacing',
    'tabSize',
    'paddingTop',
    'paddingLeft',
    'paddingRight',
  ] as const
  for (const property of copied) mirror.style[property] = style[property]
  Object.assign(mirror.style, {
    position: 'absolute',
    top: '0',
    left: '-9999px',
    visibility: 'hidden',
    boxSizing: 'border-box',
    width: `${textarea.clientWidth}px`,
    whiteSpace: 'pre-wrap',
    overflowWrap: 'break-word',
  })
  mirror.textContent = textarea.value.slice(0, offset)
  const marker = document.createElement('span')
  marker.textContent = '\u200b'
  mirror.append(marker)
  document.body.append(mirror)
  const top = marker.offsetTop
  mirror.remove()
  return top
}

function scrollToCaret(textarea: HTMLTextAreaElement, offset: number) {
  textarea.scrollTop = Math.max(0, caretTop(textarea, offset) - textarea.clientHeight / 3)
  textarea.scrollIntoView({ block: 'nearest' })
}

export const LessonSourceEditor = forwardRef<LessonSourceEditorHandle, LessonSourceEditorProps>(function LessonSourceEditor(
  { name, form, label, defaultValue, onValueChange, problems = [], description, id, rows = 24, maxLength, disabled },
  ref,
) {
  const t = useT()
  const generated = useId()
  const fieldId = id ?? `source-${generated}`
  const textarea = useRef<HTMLTextAreaElement>(null)
  const [caret, setCaret] = useState({ line: 1, column: 1 })

  const updateCaret = useCallback(() => {
    const el = textarea.current
    if (!el) return
    const at = el.selectionDirection === 'backward' ? el.selectionStart : el.selectionEnd
    const next = lineColumnAt(el.value, at)
    setCaret((c) => (c.line === next.line && c.column === next.column ? c : next))
  }, [])

  const replaceSelection = useCallback(
    (text: string, range?: [number, number]) => {
      const el = textarea.current
      if (!el) return
      el.focus()
      if (range) el.setSelectionRange(...range)
      // execCommand keeps the browser's undo history and fires the input
      // event React listens to; where it is missing, set the text directly.
      const typed = typeof document.execCommand === 'function' && document.execCommand('insertText', false, text)
      if (!typed) {
        el.setRangeText(text, el.selectionStart, el.selectionEnd, 'end')
        onValueChange?.(el.value)
      }
      scrollToCaret(el, el.selectionEnd)
      updateCaret()
    },
    [onValueChange, updateCaret],
  )

  const goTo = useCallback(
    (line: number, column: number) => {
      const el = textarea.current
      if (!el) return
      const offset = offsetAt(el.value, line, column)
      el.focus({ preventScroll: true })
      el.setSelectionRange(offset, offset)
      scrollToCaret(el, offset)
      updateCaret()
    },
    [updateCaret],
  )

  useImperativeHandle(
    ref,
    () => ({
      insert: (text: string) => replaceSelection(text),
      insertBlock(text: string) {
        const el = textarea.current
        if (!el) return
        const start = blockOffset(el.value, el.selectionStart)
        const end = Math.max(start, el.selectionEnd)
        replaceSelection(placeBlock(el.value.slice(0, start), el.value.slice(end), text), [start, end])
      },
      goTo,
    }),
    [replaceSelection, goTo],
  )

  const descriptionId = `${fieldId}-description`
  const problemsId = `${fieldId}-problems`
  const describedBy = [descriptionId, problems.length ? `${problemsId}-title` : null].filter(Boolean).join(' ')

  return (
    <div className="source-editor">
      <label htmlFor={fieldId}>{label}</label>
      <p id={descriptionId} className="field-description">
        {description ? <>{description} </> : null}
        {t('editor.source.keyboard')}
      </p>
      <textarea
        ref={textarea}
        id={fieldId}
        name={name}
        form={form}
        className="source-editor__text"
        defaultValue={defaultValue}
        rows={rows}
        maxLength={maxLength}
        disabled={disabled}
        wrap="soft"
        spellCheck={false}
        autoCapitalize="off"
        autoCorrect="off"
        autoComplete="off"
        aria-invalid={problems.length ? true : undefined}
        aria-describedby={describedBy}
        onChange={(event) => {
          onValueChange?.(event.currentTarget.value)
          updateCaret()
        }}
        onSelect={updateCaret}
        onKeyUp={updateCaret}
        onClick={updateCaret}
      />
      <p className="source-editor__caret" aria-live="polite">
        {t('editor.source.caret', caret)}
      </p>
      {problems.length ? (
        <div id={problemsId} className="source-editor__problems">
          <p className="source-editor__problems-title" id={`${problemsId}-title`}>
            {t('editor.source.problems', { count: problems.length })}
          </p>
          <p className="field-description">{t('editor.source.problemsHint')}</p>
          <ul role="list" aria-labelledby={`${problemsId}-title`}>
            {problems.map((p, index) => (
              <li key={`${p.line}:${p.column}:${index}`}>
                <button type="button" className="source-editor__problem" onClick={() => goTo(p.line, p.column)}>
                  {p.message}
                </button>
                {p.detail ? (
                  <details className="source-editor__problem-detail">
                    <summary>{t('editor.problem.original')}</summary>
                    <code lang="en">{p.detail}</code>
                  </details>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  )
})
