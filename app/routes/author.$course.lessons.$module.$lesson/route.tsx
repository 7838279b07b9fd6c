import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor, translate } from '#app/i18n/catalog.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { useRef, useState } from 'react'
import { ComponentPalette } from '#app/components/authoring/component-palette.tsx'
import type { LessonSourceEditorHandle } from '#app/components/authoring/lesson-source-editor.tsx'
import type { PreviewResponse } from '#app/components/authoring/use-live-preview.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { invariantResponse } from '#app/http/errors.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { normalizeSource, outlineOf, parityOf, removeLesson, saveDraft } from '#app/modules/authoring/draft.server.ts'
import { hoursSummary } from '#app/modules/content/hours.ts'
import { PREVIEW_RATE_RULE, previewLesson } from '#app/modules/authoring/preview.server.ts'
import { checkRateLimit, recordRateLimitEvent } from '#app/modules/security/rate-limit.server.ts'
import { pickLocalized, type ContentLang } from '#app/modules/content/manifest.ts'
import { listCourseMedia } from '#app/modules/media/library.server.ts'
import authoringStyles from '#app/styles/authoring.css?url'
import editorStyles from '#app/styles/editor.css?url'
import { LessonSide } from './lesson-side.tsx'
import { ParityNotice, RemoveLesson } from './lesson-notes.tsx'
import { MAX_SOURCE } from './limits.ts'
import { EditorActions, EditorHeader } from './editor-header.tsx'
import { lessonArgs, LessonFormSchema } from './lesson-form.server.ts'

export const handle: PageHandle = { title: staffTitle('authoring.editor.title', (d) => (d as { lessonTitle?: string } | undefined)?.lessonTitle) }
export const links = () => [
  { rel: 'stylesheet', href: authoringStyles },
  { rel: 'stylesheet', href: editorStyles },
]

// The lesson editor: kk and ru side by side, each with its source and a live
// preview made by the learners' pipeline. Saving is a plain form post that
// writes the draft; "Preview" without JavaScript posts the text back to be
// shown, unsaved. Problems carry line and column.
export async function loader(args: LoaderFunctionArgs) {
  const { courseId, moduleId, lessonId, copy, files } = await lessonArgs(args)
  const locale = resolveLocale(args.request, args.context)
  const outline = outlineOf(copy)
  const hours = hoursSummary(outline.modules, outline.approvedHours, outline.activities)
  const module = outline.modules.find((m) => m.id === moduleId)
  const lesson = module?.lessons.find((l) => l.id === lessonId)
  const sides = await Promise.all(
    files.map(async (f) => {
      const text = f.file?.text ?? ''
      return {
        lang: f.lang,
        path: f.path,
        text,
        hash: f.file?.hash ?? '',
        inDraft: f.file?.inDraft ?? false,
        conflict: f.file?.conflict ?? false,
        changedAt: f.file?.changedAt ?? null,
        preview: (text ? await previewLesson(text, f.lang, locale) : { ok: false, problems: [] }) as PreviewResponse,
      }
    }),
  )
  const parity = (await parityOf(args.context.work, copy)).find((p) => p.lessonKey === `${moduleId}/${lessonId}`) ?? null
  const media = (await listCourseMedia(args.context.work, courseId)).map((m) => ({ url: m.url, name: m.name, kind: m.kind }))
  return {
    messages: staffMessagesFor(locale),
    courseId,
    moduleId,
    lessonId,
    sides,
    parity,
    media,
    courseTitle: pickLocalized(outline.title, locale) || courseId,
    lessonTitle: lesson ? pickLocalized(lesson.titles, locale) : lessonId,
    moduleTitle: module ? pickLocalized(module.title, locale) || moduleId : moduleId,
    hours: { lesson: lesson?.minutes ?? 0, module: hours.modules.find((m) => m.id === moduleId) ?? null, total: hours },
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, courseId, moduleId, lessonId, files } = await lessonArgs(args)
  const { work } = args.context
  const locale = resolveLocale(args.request, args.context)
  const submission = await parseForm(args.request, LessonFormSchema, { disableAutoCoercion: true })
  if (submission.status !== 'success') throw data({ message: 'error.badRequest.text' }, { status: 400 })
  const form = submission.value
  const { intent } = form
  if (form.intent === 'remove') {
    invariantResponse(form.confirm === 'yes', 'error.authoring.confirmNeeded', { status: 400 })
    await removeLesson(work, { courseId, moduleId, lessonId })
    return redirect(`/author/${courseId}`)
  }
  const posted = files.map((f) => ({ lang: f.lang, path: f.path, text: normalizeSource(form[`source_${f.lang}`]), hash: form[`hash_${f.lang}`] }))
  invariantResponse(
    posted.every((p) => p.text.length <= MAX_SOURCE),
    'error.authoring.sourceTooLong',
    { status: 413 },
  )
  if (form.intent === 'preview') {
    // The same limit as the live preview: each post compiles both languages.
    const limit = await checkRateLimit(work.db, PREVIEW_RATE_RULE, user.id)
    if (limit.limited) {
      const problems = [{ line: 1, column: 1, message: translate(locale, 'editor.preview.rateLimited') }]
      return data(
        {
          intent,
          previews: posted.map((p) => ({ lang: p.lang, text: p.text, preview: { ok: false, problems } as PreviewResponse })),
          conflicts: [] as string[],
        },
        { status: 429 },
      )
    }
    await recordRateLimitEvent(work.db, PREVIEW_RATE_RULE, user.id)
    const previews = await Promise.all(
      posted.map(async (p) => ({ lang: p.lang, text: p.text, preview: (await previewLesson(p.text, p.lang, locale)) as PreviewResponse })),
    )
    return data({ intent, previews, conflicts: [] as string[] })
  }
  const saved = await saveDraft(work, {
    courseId,
    changes: posted.filter((p) => p.text.trim()).map((p) => ({ path: p.path, text: p.text, expectedHash: p.hash || null })),
    inStep: form.inStep === 'yes' ? [`${moduleId}/${lessonId}`] : [],
  })
  if (!saved.ok) {
    const previews = posted.map((p) => ({ lang: p.lang, text: p.text, preview: { ok: false, problems: [] } as PreviewResponse }))
    return data({ intent, previews, conflicts: saved.error.conflicts.map((c) => c.path) }, { status: 409 })
  }
  return redirect(`/author/${courseId}/lessons/${moduleId}/${lessonId}?saved=1`)
}

export default withStaffMessages(LessonEditor)

function LessonEditor() {
  const d = useLoaderData<typeof loader>()
  const posted = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const postedFor = (lang: string) => posted?.previews.find((p) => p.lang === lang) ?? null
  const [texts, setTexts] = useState<Record<string, string>>(() => Object.fromEntries(d.sides.map((s) => [s.lang, postedFor(s.lang)?.text ?? s.text])))
  const editors = useRef<Record<string, LessonSourceEditorHandle | null>>({})
  const [active, setActive] = useState<ContentLang>(d.sides[0]!.lang)
  const saving = navigation.state === 'submitting'
  // The page is remounted after each save (a redirect), so the texts start from the loader again.
  const formKey = d.sides.map((s) => s.hash).join(':')
  return (
    <section className="page page--wide authoring" aria-labelledby="editor-title">
      <EditorHeader d={d} posted={posted} />
      {d.parity ? <ParityNotice parity={d.parity} /> : null}
      <div key={formKey} className="editor-form">
        <div className="editor-toolbar">
          <ComponentPalette media={d.media} onInsert={(snippet) => editors.current[active]?.insertBlock(snippet)} />
          <p className="field-description">{t('authoring.editor.paletteTarget', { lang: t(`authoring.lang.${active}`) })}</p>
        </div>
        <div className="editor-sides">
          {d.sides.map((side) => (
            <LessonSide
              key={side.lang}
              side={side}
              courseId={d.courseId}
              text={texts[side.lang] ?? ''}
              problemsFromPost={postedFor(side.lang)?.preview ?? null}
              onChange={(value) => setTexts((all) => ({ ...all, [side.lang]: value }))}
              editorRef={(handle) => {
                editors.current[side.lang] = handle
              }}
              onFocus={() => setActive(side.lang)}
            />
          ))}
        </div>
        <EditorActions courseId={d.courseId} saving={saving} />
      </div>
      <RemoveLesson lesson={d.lessonTitle || d.lessonId} />
    </section>
  )
}
