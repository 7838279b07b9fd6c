import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { LessonSourceEditor } from '#app/components/authoring/lesson-source-editor.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import { formatNumber } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { requireCourseEditor } from '#app/modules/authoring/access.server.ts'
import { loadWorkingCopy, normalizeSource, outlineOf, saveDraft } from '#app/modules/authoring/draft.server.ts'
import { checkWorkingCopy } from '#app/modules/authoring/publish-draft.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
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
// with lines) come from the same check publishing runs.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const courseId = args.params.course!
  await requireCourseEditor(args.context.db, user, courseId)
  const locale = resolveLocale(args.request, args.context)
  const copy = await loadWorkingCopy(args.context.db, courseId)
  const file = copy.files.get('course.yml')
  const check = await checkWorkingCopy(args.context.db, copy)
  const problems = check.problems
    .filter((p) => p.file.endsWith('/course.yml'))
    .map((p) => {
      const text = p.i18n
        ? translate(locale, p.i18n.key as MessageKey, Object.fromEntries(Object.entries(p.i18n.params).map(([k, v]) => [k, typeof v === 'number' ? formatNumber(v, locale, 1) : v])))
        : p.message
      return { line: p.line, column: p.column, message: `${translate(locale, 'editor.problem.at', { line: p.line, column: p.column })} ${text}` }
    })
  return { messages: staffMessagesFor(locale), courseId, title: pickLocalized(outlineOf(copy).title, locale) || courseId, text: file?.text ?? '', hash: file?.hash ?? '', problems }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args)
  const courseId = args.params.course!
  await requireCourseEditor(args.context.db, user, courseId)
  const form = await args.request.formData()
  const text = normalizeSource(String(form.get('yml') ?? ''))
  invariantResponse(text.trim() && text.length <= MAX_YML, 'error.authoring.courseYmlSize', { status: 400 })
  const saved = await saveDraft(args.context.db, { courseId, userId: user.id, changes: [{ path: 'course.yml', text, expectedHash: String(form.get('hash') ?? '') || null }] })
  if (!saved.ok) return data({ conflict: true, text }, { status: 409 })
  return redirect(`/author/${courseId}/settings?saved=1`)
}

export default withStaffMessages(CourseSettings)

function CourseSettings() {
  const d = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const t = useT()
  return (
    <section className="page authoring" aria-labelledby="settings-title">
      <p className="breadcrumbs">
        <Link to="/author">{t('authoring.title')}</Link> › <Link to={`/author/${d.courseId}`}>{d.title}</Link>
      </p>
      <h1 id="settings-title">{t('authoring.settings.title')}</h1>
      {params.get('saved') && !posted ? <p className="notice notice--success" role="status">{t('authoring.editor.saved')}</p> : null}
      {posted?.conflict ? <p className="notice" role="alert">{t('authoring.editor.conflict')}</p> : null}
      <p>{t('authoring.settings.explain')}</p>
      <Form method="post" key={d.hash} className="stack">
        <input type="hidden" name="hash" value={d.hash} />
        <LessonSourceEditor name="yml" id="course-yml" label="course.yml" defaultValue={posted?.text ?? d.text} problems={d.problems} maxLength={MAX_YML} rows={28} />
        <div className="editor-actions">
          <button type="submit" className="button" disabled={navigation.state !== 'idle'}>{t('authoring.editor.save')}</button>
          <Link to={`/author/${d.courseId}`}>{t('authoring.editor.back')}</Link>
        </div>
      </Form>
    </section>
  )
}
