import { Form, Link, useSearchParams, type useActionData, type useLoaderData } from '@remix-run/react'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import type { action, loader } from './route.tsx'
import { FORM_ID } from './limits.ts'

type EditorData = ReturnType<typeof useLoaderData<typeof loader>>
type Posted = ReturnType<typeof useActionData<typeof action>>

/** The breadcrumbs, title, save and conflict notices and the hours line above the editor. */
export function EditorHeader({ d, posted }: { d: EditorData; posted: Posted }) {
  const [params] = useSearchParams()
  const t = useT()
  const f = useFormat()
  return (
    <>
      <p className="breadcrumbs">
        <Link to="/author">{t('authoring.title')}</Link> › <Link to={`/author/${d.courseId}`}>{d.courseTitle}</Link> › {d.moduleTitle}
      </p>
      <h1 id="editor-title">{d.lessonTitle}</h1>
      {params.get('saved') && !posted ? (
        <p className="notice notice--success" role="status">
          {t('authoring.editor.saved')}
        </p>
      ) : null}
      {posted?.conflicts.length ? (
        <p className="notice" role="alert">
          {t('authoring.editor.conflict')}
        </p>
      ) : null}
      <p className="hours-line">
        {t('authoring.editor.hours', {
          lesson: f.number(d.hours.lesson),
          module: f.number(d.hours.module?.minutes ?? 0),
          moduleHours: f.number(d.hours.module?.hours ?? 0, 1),
          course: f.number(d.hours.total.hours, 1),
          approved: f.number(d.hours.total.approvedHours),
        })}
      </p>
    </>
  )
}

/** The save form: in-step checkbox, save, no-JavaScript preview, and the way back. */
export function EditorActions({ courseId, saving }: { courseId: string; saving: boolean }) {
  const t = useT()
  return (
    <Form method="post" id={FORM_ID} className="editor-actions">
      <div className="field field--check">
        <input id="in-step" type="checkbox" name="inStep" value="yes" />
        <label htmlFor="in-step">{t('authoring.editor.inStep')}</label>
      </div>
      <button type="submit" name="intent" value="save" className="button" disabled={saving}>
        {t('authoring.editor.save')}
      </button>
      <button type="submit" name="intent" value="preview" className="button button--secondary editor-actions__preview" disabled={saving}>
        {t('authoring.editor.previewButton')}
      </button>
      <Link to={`/author/${courseId}`}>{t('authoring.editor.back')}</Link>
    </Form>
  )
}
