import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { FactChanges } from '#app/components/accreditation/fact-changes.tsx'
import { TextareaField } from '#app/components/forms.tsx'
import { useFormat, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import type { ParityIssue } from '#app/modules/authoring/parity.ts'
import type { action, loader } from './route.tsx'

// The draft: what changed, the problems publishing would refuse, bilingual
// parity, and the publish and discard forms.

export function DraftSection() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const busy = useNavigation().state !== 'idle'
  const t = useT()
  const translate = useTranslateKey()
  const f = useFormat()
  const errorFor = (intent: string) => (result && result.intent === intent ? result.error : null)
  return (
    <>
      <section aria-labelledby="draft-title" className="authoring__block">
        <h2 id="draft-title">{t('authoring.draft')}</h2>
        {d.draft.count ? (
          <>
            <p>{t('authoring.draft.changes', { count: d.draft.count })}</p>
            <ul className="draft-files">
              {d.draft.changed.map((c) => (
                <li key={c.path}>
                  <code>{c.path}</code> — {f.dateTime(c.changedAt)}
                  {c.conflict ? (
                    <>
                      {' '}
                      · <strong className="text-danger">{t('authoring.lesson.conflict')}</strong>
                    </>
                  ) : null}
                </li>
              ))}
              {d.draft.removed.map((p) => (
                <li key={p}>
                  <code>{p}</code> — {t('authoring.draft.removed')}
                </li>
              ))}
            </ul>
            <p>
              <Link to={`/author/${d.courseId}/history?to=draft`}>{t('authoring.draft.diff')}</Link>
            </p>
          </>
        ) : (
          <p>{t('authoring.draft.none')}</p>
        )}
        {d.problems.length ? (
          <div className="problems" role="region" aria-labelledby="problems-title">
            <h3 id="problems-title">{t('authoring.problems.title')}</h3>
            <ul>
              {d.problems.map((p, i) => (
                <li key={i}>
                  {p.editor ? <Link to={p.editor}>{p.where}</Link> : <code>{p.where}</code>} {t('authoring.problems.at', { line: p.line, column: p.column })}{' '}
                  <span lang={p.lang}>{p.message}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="parity-title" className="authoring__block">
        <h2 id="parity-title">{t('authoring.parity.title')}</h2>
        {d.parity.length ? <ParityList parity={d.parity} /> : <p>{t('authoring.parity.ok')}</p>}
      </section>

      {d.draft.count ? (
        <section aria-labelledby="publish-title" className="authoring__block">
          <h2 id="publish-title">{t('authoring.publish.title')}</h2>
          <p>{t('authoring.publish.explain')}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="publish" />
            {errorFor('publish') ? (
              <p className="field-errors" role="alert">
                {translate(errorFor('publish')!)}
              </p>
            ) : null}
            {result && 'factChanges' in result && result.factChanges?.length ? <FactChanges changes={result.factChanges} /> : null}
            <TextareaField
              label={t('authoring.publish.note')}
              description={t('authoring.publish.noteHint')}
              textareaProps={{ id: 'publish-note', name: 'note', required: true, maxLength: d.maxNote, rows: 3 }}
            />
            {d.parity.length ? (
              <div className="field field--check">
                <input id="confirm-parity" type="checkbox" name="confirmParity" value="yes" />
                <label htmlFor="confirm-parity">{t('authoring.publish.confirmParity', { count: d.parity.length })}</label>
              </div>
            ) : null}
            <div>
              <button type="submit" className="button" disabled={busy || d.problems.length > 0}>
                {t('authoring.publish.button')}
              </button>
            </div>
            {d.problems.length ? <p className="field-description">{t('authoring.publish.blocked')}</p> : null}
          </Form>
          <Form method="post" className="stack discard-form">
            <input type="hidden" name="intent" value="discard" />
            <div className="field field--check">
              <input id="confirm-discard" type="checkbox" name="confirm" value="yes" required />
              <label htmlFor="confirm-discard">{t('authoring.discard.confirm')}</label>
            </div>
            <div>
              <button type="submit" className="button button--quiet" disabled={busy}>
                {t('authoring.discard.button')}
              </button>
            </div>
          </Form>
        </section>
      ) : null}
    </>
  )
}

function ParityList({ parity }: { parity: ParityIssue[] }) {
  const t = useT()
  const f = useFormat()
  const { courseId } = useLoaderData<typeof loader>()
  const langs = (l: string[]) => l.map((x) => t(`authoring.lang.${x as 'kk'}`)).join(', ')
  return (
    <ul className="parity-list">
      {parity.map((p) => (
        <li key={p.lessonKey}>
          <Link to={`/author/${courseId}/lessons/${p.moduleId}/${p.lessonId}`}>{p.lessonKey}</Link>:{' '}
          {p.kind === 'missing'
            ? t('authoring.parity.missing', { langs: langs(p.missing) })
            : t('authoring.parity.stale', { newer: langs(p.newer), older: langs(p.older), newerAt: f.dateTime(p.newerAt), olderAt: f.dateTime(p.olderAt) })}
        </li>
      ))}
    </ul>
  )
}
