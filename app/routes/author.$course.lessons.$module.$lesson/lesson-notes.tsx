import { Form } from '@remix-run/react'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { ParityIssue } from '#app/modules/authoring/parity.ts'
import type { ContentLang } from '#app/modules/content/manifest.ts'

/** Why the lesson's languages are out of step: one is missing, or one changed after the other. */
export function ParityNotice({ parity }: { parity: ParityIssue }) {
  const t = useT()
  const f = useFormat()
  return (
    <p className="notice" role="note">
      {parity.kind === 'missing'
        ? t('authoring.parity.missing', { langs: parity.missing.map((l) => t(`authoring.lang.${l as ContentLang}`)).join(', ') })
        : t('authoring.parity.stale', {
            newer: parity.newer.map((l) => t(`authoring.lang.${l as ContentLang}`)).join(', '),
            older: parity.older.map((l) => t(`authoring.lang.${l as ContentLang}`)).join(', '),
            newerAt: f.dateTime(parity.newerAt),
            olderAt: f.dateTime(parity.olderAt),
          })}
    </p>
  )
}

/** Removing the lesson from the draft, behind a confirmation. */
export function RemoveLesson({ lesson }: { lesson: string }) {
  const t = useT()
  return (
    <details className="editor-remove">
      <summary>{t('authoring.editor.remove.title')}</summary>
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="remove" />
        <div className="field field--check">
          <input id="confirm-remove" type="checkbox" name="confirm" value="yes" required />
          <label htmlFor="confirm-remove">{t('authoring.editor.remove.confirm', { lesson })}</label>
        </div>
        <div>
          <button type="submit" className="button button--quiet">
            {t('authoring.editor.remove.button')}
          </button>
        </div>
      </Form>
    </details>
  )
}
