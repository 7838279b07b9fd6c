import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { LessonSourceEditor } from '#app/components/authoring/lesson-source-editor.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { z } from 'zod'
import { requireCourseEditor } from '#app/http/course-editor.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { localizedNumbers } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { useFormat, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { loadWorkingCopy, normalizeSource, outlineOf } from '#app/modules/authoring/draft.server.ts'
import { checkWorkingCopy } from '#app/modules/authoring/publish-draft.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { FactChanges } from '#app/components/accreditation/fact-changes.tsx'
import { listRequests, MAX_REASON, saveCourseSettings } from '#app/modules/accreditation/requests.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import editorStyles from '#app/styles/editor.css?url'

export const handle: PageHandle = { title: staffTitle('authoring.settings.title') }
export const links = () => [
  { rel: 'stylesheet', href: authoringStyles },
  { rel: 'stylesheet', href: editorStyles },
]

const MAX_YML = 50_000

// course.yml in the browser: titles, hours, approval, modules, completion and
// surveys. Saved to the draft like a lesson; its problems (YAML and schema,
// with lines) come from the same check publishing runs. A change to the
// accreditation facts becomes a request to an admin (ADR 017).
export async function loader(args: LoaderFunctionArgs) {
  const { user, courseId } = await requireCourseEditor(args)
  const { work } = args.context
  const locale = resolveLocale(args.request, args.context)
  const copy = await loadWorkingCopy(work, courseId)
  const file = copy.files.get('course.yml')
  const check = await checkWorkingCopy(work, copy)
  const problems = check.problems
    .filter((p) => p.file.endsWith('/course.yml'))
    .map((p) => ({
      line: p.line,
      column: p.column,
      message: `${translate(locale, 'editor.problem.at', { line: p.line, column: p.column })} ${p.key ? translate(locale, p.key, localizedNumbers(p.params, locale)) : p.message}`,
    }))
  const requests = await listRequests(args.context.work, { viewerId: user.id, locale, courseId, decidedLimit: 3 })
  return {
    messages: staffMessagesFor(locale),
    courseId,
    title: pickLocalized(outlineOf(copy).title, locale) || courseId,
    text: file?.text ?? '',
    hash: file?.hash ?? '',
    problems,
    requests,
    maxReason: MAX_REASON,
  }
}

// Conform leaves an empty field out: each is '' then.
const SettingsFormSchema = z.object({ yml: z.string().default(''), hash: z.string().default(''), reason: z.string().default('') })

export async function action(args: ActionFunctionArgs) {
  const { courseId } = await requireCourseEditor(args)
  const submission = await parseForm(args.request, SettingsFormSchema, { disableAutoCoercion: true })
  invariantResponse(submission.status === 'success', 'error.badRequest.text', { status: 400 })
  const form = submission.value
  const text = normalizeSource(form.yml)
  invariantResponse(text.trim() && text.length <= MAX_YML, 'error.authoring.courseYmlSize', { status: 400 })
  const { reason } = form
  const saved = await saveCourseSettings(args.context.work, { courseId, text, expectedHash: form.hash || null, reason })
  if (!saved.ok && saved.error === 'conflict') return data({ conflict: true, error: null, text, reason }, { status: 409 })
  if (!saved.ok) return data({ conflict: false, error: saved.error, text, reason }, { status: 400 })
  return redirect(`/author/${courseId}/settings?saved=1${saved.requestId ? '&requested=1' : ''}`)
}

export default withStaffMessages(CourseSettings)

function CourseSettings() {
  const d = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const t = useT()
  const f = useFormat()
  const translate = useTranslateKey()
  const requests = [...d.requests.pending, ...d.requests.decided]
  return (
    <section className="page authoring" aria-labelledby="settings-title">
      <p className="breadcrumbs">
        <Link to="/author">{t('authoring.title')}</Link> › <Link to={`/author/${d.courseId}`}>{d.title}</Link>
      </p>
      <h1 id="settings-title">{t('authoring.settings.title')}</h1>
      {params.get('saved') && !posted ? (
        <p className="notice notice--success" role="status">
          {t('authoring.editor.saved')}
        </p>
      ) : null}
      {params.get('requested') && !posted ? (
        <p className="notice" role="status">
          {t('accreditation.settings.requested')}
        </p>
      ) : null}
      {posted?.conflict ? (
        <p className="notice" role="alert">
          {t('authoring.editor.conflict')}
        </p>
      ) : null}
      {posted?.error ? (
        <p className="notice" role="alert">
          {translate(posted.error)}
        </p>
      ) : null}
      <p>{t('authoring.settings.explain')}</p>
      <section aria-labelledby="accreditation-title" className="authoring__block">
        <h2 id="accreditation-title">{t('accreditation.settings.title')}</h2>
        <p>{t('accreditation.settings.explain')}</p>
        {requests.length ? (
          <ul className="stack" role="list">
            {requests.map((r) => (
              <li key={r.id} className="card">
                <p>
                  <strong>{t(`accreditation.status.${r.status}`)}</strong> ·{' '}
                  {t('accreditation.requestedBy', { name: r.requestedBy, date: f.dateTime(r.requestedAt) })}
                </p>
                <FactChanges changes={r.changes} />
                <p>
                  {t('accreditation.reason')}: {r.reason}
                </p>
                {r.decidedAt && r.decidedBy ? (
                  <p>
                    {t('accreditation.decidedBy', { name: r.decidedBy, date: f.dateTime(r.decidedAt) })}
                    {r.comment ? ` — ${r.comment}` : ''}
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        ) : null}
      </section>
      <Form method="post" key={d.hash} className="stack">
        <input type="hidden" name="hash" value={d.hash} />
        <LessonSourceEditor
          name="yml"
          id="course-yml"
          label="course.yml"
          defaultValue={posted?.text ?? d.text}
          problems={d.problems}
          maxLength={MAX_YML}
          rows={28}
        />
        <div className="field">
          <label htmlFor="accreditation-reason">{t('accreditation.settings.reason')}</label>
          <p id="accreditation-reason-hint" className="field-description">
            {t('accreditation.settings.reasonHint')}
          </p>
          <textarea
            id="accreditation-reason"
            name="reason"
            rows={2}
            maxLength={d.maxReason}
            defaultValue={posted?.reason ?? ''}
            aria-describedby="accreditation-reason-hint"
            aria-invalid={posted?.error ? true : undefined}
          />
        </div>
        <div className="editor-actions">
          <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
            {t('authoring.editor.save')}
          </button>
          <Link to={`/author/${d.courseId}`}>{t('authoring.editor.back')}</Link>
        </div>
      </Form>
    </section>
  )
}
