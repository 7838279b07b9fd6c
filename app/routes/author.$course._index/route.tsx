import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole } from '#app/http/auth.server.ts'
import { requireCourseEditor } from '#app/http/course-editor.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { translate as translateMessage } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { localizedNumbers } from '#app/i18n/format.ts'
import { useFormat, useT } from '#app/i18n/i18n.tsx'
import { addLesson, discardDraft, loadWorkingCopy, outlineOf, parityOf } from '#app/modules/authoring/draft.server.ts'
import { addEditorByEmail, listCourseEditors, removeEditor } from '#app/modules/authoring/editors.server.ts'
import { versionSummary } from '#app/modules/authoring/history.server.ts'
import { hoursSummary } from '#app/modules/content/hours.ts'
import { checkWorkingCopy, MAX_NOTE, publishDraft } from '#app/modules/authoring/publish-draft.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import { AddLessonForm } from './add-lesson-form.tsx'
import { DraftSection } from './draft-section.tsx'
import { EditorsSection } from './editors-section.tsx'
import { OutlineSection } from './outline-section.tsx'

export const handle: PageHandle = { title: staffTitle('authoring.title', (d) => (d as { title?: string } | undefined)?.title) }
export const links = () => [{ rel: 'stylesheet', href: authoringStyles }]

interface ProblemView {
  where: string
  line: number
  column: number
  message: string
  /** The message's language: the author's when the problem has a key, English otherwise. */
  lang: string
  editor: string | null
}

// A course's authoring home: its outline with minutes and academic hours, the
// draft's changes and problems, bilingual parity, publishing, and (for
// admins) who may author it.
export async function loader(args: LoaderFunctionArgs) {
  const { user, courseId } = await requireCourseEditor(args)
  const { work } = args.context
  const locale = resolveLocale(args.request, args.context)
  const copy = await loadWorkingCopy(work, courseId)
  const outline = outlineOf(copy)
  const [check, parity, version, editors] = await Promise.all([
    copy.draftCount ? checkWorkingCopy(work, copy) : Promise.resolve(null),
    parityOf(work, copy),
    versionSummary(work, copy.versionId),
    listCourseEditors(work, courseId),
  ])
  const prefix = `${copy.kind}/${courseId}/`
  const problems: ProblemView[] = (check?.problems ?? []).map((p) => {
    const rel = p.file.startsWith(prefix) ? p.file.slice(prefix.length) : p.file
    const lesson = /^[a-z]{2}\/\d{2}-([a-z0-9-]+)\/\d{2}-([a-z0-9-]+)\.mdx$/.exec(rel)
    return {
      where: rel,
      line: p.line,
      column: p.column,
      message: p.key ? translateMessage(locale, p.key, localizedNumbers(p.params, locale)) : p.message,
      lang: p.key ? locale : 'en',
      editor: lesson ? `/author/${courseId}/lessons/${lesson[1]}/${lesson[2]}` : rel === 'course.yml' ? `/author/${courseId}/settings` : null,
    }
  })
  const changed = [...copy.files.values()].filter((f) => f.inDraft).map((f) => ({ path: f.path, changedAt: f.changedAt, conflict: f.conflict }))
  return {
    messages: staffMessagesFor(locale),
    courseId,
    title: pickLocalized(outline.title, locale) || courseId,
    outline,
    hours: hoursSummary(outline.modules, outline.approvedHours, outline.activities),
    draft: { count: copy.draftCount, changed, removed: copy.removed },
    problems,
    parity,
    version,
    isAdmin: hasRole(user, 'admin'),
    editors,
    maxNote: MAX_NOTE,
  }
}

// Conform leaves an empty field out; each is '' then, and the module judges it.
const text = z.string().trim().default('')

const CourseFormSchema = z.discriminatedUnion('intent', [
  z.object({ intent: z.literal('add-lesson'), moduleId: text, lessonId: text, title_kk: text, title_ru: text, title_en: text, minutes: text }),
  z.object({ intent: z.literal('publish'), note: text, confirmParity: z.string().optional() }),
  z.object({ intent: z.literal('discard'), confirm: z.string().optional() }),
  z.object({ intent: z.literal('add-editor'), email: text }),
  z.object({ intent: z.literal('remove-editor'), userId: text }),
])

export async function action(args: ActionFunctionArgs) {
  const { user, courseId } = await requireCourseEditor(args)
  const { work } = args.context
  const submission = await parseForm(args.request, CourseFormSchema, { disableAutoCoercion: true })
  if (submission.status !== 'success') throw data({ message: 'error.badRequest.text' }, { status: 400 })
  const form = submission.value
  switch (form.intent) {
    case 'add-lesson': {
      const titles = { kk: form.title_kk, ru: form.title_ru, en: form.title_en }
      const result = await addLesson(work, { courseId, moduleId: form.moduleId, lessonId: form.lessonId, titles, minutes: Number(form.minutes) })
      if (!result.ok) return data({ intent: form.intent, error: result.error }, { status: 400 })
      return redirect(`/author/${courseId}/lessons/${form.moduleId}/${form.lessonId}`)
    }
    case 'publish': {
      const result = await publishDraft(work, { courseId, note: form.note, confirmParity: form.confirmParity === 'yes' })
      if (!result.ok) {
        const factChanges = result.error === 'authoring.publish.error.facts' ? result.factChanges : []
        return data({ intent: form.intent, error: result.error, parityAsked: result.error === 'authoring.publish.error.parity', factChanges }, { status: 400 })
      }
      return redirect(`/author/${courseId}?published=${result.versionId}`)
    }
    case 'discard': {
      invariantResponse(form.confirm === 'yes', 'error.authoring.confirmNeeded', { status: 400 })
      await discardDraft(work, courseId)
      return redirect(`/author/${courseId}?discarded=1`)
    }
    case 'add-editor': {
      invariantResponse(hasRole(user, 'admin'), 'error.forbidden.text', { status: 403 })
      const result = await addEditorByEmail(work, courseId, form.email)
      if (!result.ok) return data({ intent: form.intent, error: result.error }, { status: 400 })
      return redirect(`/author/${courseId}#editors`)
    }
    case 'remove-editor': {
      invariantResponse(hasRole(user, 'admin'), 'error.forbidden.text', { status: 403 })
      await removeEditor(work, courseId, form.userId)
      return redirect(`/author/${courseId}#editors`)
    }
  }
}

export default withStaffMessages(AuthorCourse)

function AuthorCourse() {
  const d = useLoaderData<typeof loader>()
  const [params] = useSearchParams()
  const t = useT()
  const f = useFormat()
  return (
    <section className="page authoring" aria-labelledby="course-title">
      <p className="breadcrumbs">
        <Link to="/author">{t('authoring.title')}</Link>
      </p>
      <h1 id="course-title">{d.title}</h1>
      {params.get('published') ? (
        <p className="notice notice--success" role="status">
          {t('authoring.publish.done')}
        </p>
      ) : null}
      {params.get('discarded') ? (
        <p className="notice" role="status">
          {t('authoring.discard.done')}
        </p>
      ) : null}
      <p className="authoring__meta">
        {d.version
          ? t('authoring.version.current', { date: f.dateTime(d.version.publishedAt), by: d.version.by ?? t('authoring.version.fromFiles') })
          : t('authoring.version.none')}
        {d.version?.note ? <> — «{d.version.note}»</> : null}
      </p>
      <nav aria-label={t('authoring.sections')} className="authoring__links">
        <Link to={`/author/${d.courseId}/settings`}>{t('authoring.settings.link')}</Link>
        <Link to={`/author/${d.courseId}/media`}>{t('authoring.media.link')}</Link>
        <Link to={`/author/${d.courseId}/history`}>{t('authoring.history.link')}</Link>
      </nav>

      <OutlineSection />
      <AddLessonForm />
      <DraftSection />
      <EditorsSection />
    </section>
  )
}
