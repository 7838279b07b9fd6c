import { useEffect, useId, useRef, type ReactNode } from 'react'
import { useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import type { LivePreview } from './use-live-preview.ts'

// The draft lesson as a learner will see it: the same HTML from the same
// components, in the learn route's wrappers (.lesson-main, .lesson-content),
// so app.css styles it exactly as the lesson page. While the draft has
// problems, the last lesson that compiled stays, marked out of date.

export interface PreviewPaneProps {
  preview: LivePreview
  /** The lesson's language, for the text's lang attribute (the cohort's, not the interface's). */
  lang: string
  /** Replaces the pane's heading ("Preview"). */
  heading?: ReactNode
}

export function PreviewPane({ preview, lang, heading }: PreviewPaneProps) {
  const t = useT()
  const translate = useTranslateKey()
  const titleId = useId()
  const page = useRef<HTMLDivElement>(null)
  const loading = preview.status === 'loading'
  const message = preview.problems.length
    ? t(preview.html ? 'editor.preview.fixErrors' : 'editor.preview.fixErrorsFirst')
    : preview.status === 'error' && preview.error
      ? translate(preview.error)
      : ''

  // A link followed from the preview would leave the editor and its unsaved
  // text: open it in a tab of its own.
  useEffect(() => {
    for (const link of page.current?.querySelectorAll<HTMLAnchorElement>('a[href]:not([href^="#"])') ?? []) {
      link.target = '_blank'
      link.rel = 'noopener'
    }
  }, [preview.html])

  return (
    // A region of its own that scrolls beside the text on a wide screen; focusable so the keyboard can scroll it.
    <div role="region" className="preview-pane" aria-labelledby={titleId} aria-busy={loading} tabIndex={0}>
      <div className="preview-pane__bar">
        <h2 id={titleId} className="preview-pane__heading">
          {heading ?? t('editor.preview.title')}
        </h2>
        {loading ? <span className="preview-pane__progress">{t('editor.preview.updating')}</span> : null}
        {preview.stale ? <span className="preview-pane__stale">{t('editor.preview.stale')}</span> : null}
      </div>
      {/* Always in the page, so that a new message is announced. */}
      <p role="status" className={message ? 'notice preview-pane__notice' : 'visually-hidden'}>
        {message}
      </p>
      {preview.html ? (
        <div ref={page} className={preview.stale ? 'preview-pane__page preview-pane__page--stale' : 'preview-pane__page'}>
          <div className="lesson-main">
            <h3 className="preview-pane__lesson-title">{preview.title}</h3>
            {preview.minutes ? <p className="lesson-meta">{t('lesson.minutes', { minutes: preview.minutes })}</p> : null}
            <article className="lesson-content" lang={lang} onSubmit={(event) => event.preventDefault()} dangerouslySetInnerHTML={{ __html: preview.html }} />
          </div>
        </div>
      ) : (
        <p className="field-description">{t('editor.preview.empty')}</p>
      )}
    </div>
  )
}
