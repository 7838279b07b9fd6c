import { LanguageFallback } from '#app/components/language-fallback.tsx'
import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Slug } from '#app/http/params.ts'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LessonState } from '#app/mdx/lesson-context.tsx'
import { flatLessons, pickLocalized, type ContentLang } from '#app/modules/content/manifest.ts'
import { renderLessonHtml } from '#app/modules/content/render.server.tsx'
import { getPublishedCourse } from '#app/modules/courses/catalogue.server.ts'
import { lessonBundle, locateLesson } from '#app/modules/courses/lesson-view.server.ts'
import { markRead, readLessons } from '#app/modules/parents/reads.server.ts'
import parentStyles from '#app/styles/parents.css?url'

export const handle: PageHandle = {
  title: (data) => (data as { lesson?: { title: string } } | undefined)?.lesson?.title,
}
export const links = () => [{ rel: 'stylesheet', href: parentStyles }]

// A parent lesson, public: rendered on the server from the series' published
// bundle as course lessons are (docs/decisions/006), so the phone gets HTML and
// the app shell, nothing more. There are no enrolments here: components that
// ask see a reader who is not enrolled. A logged-in reader may mark it read.

const lessonPath = (series: string, moduleId: string, lessonId: string) => `/parents/${series}/${moduleId}/${lessonId}`

async function load({ params, context }: LoaderFunctionArgs) {
  const { series, module, lesson } = parseParams(params, { series: Slug, module: Slug, lesson: Slug })
  const course = await getPublishedCourse(context.work, series)
  if (!course || course.manifest.audience !== 'parents') notFound()
  const location = await locateLesson(context.work, course.versionId, module, lesson)
  if (!location) notFound()
  return { course, location, series, module, lesson }
}

export async function loader(args: LoaderFunctionArgs) {
  const { course, location, series, module, lesson } = await load(args)
  const locale = resolveLocale(args.request, args.context)
  const { manifest } = location
  // The reader's language when the series has it, else the series' first; a
  // lesson missing in that language falls back to the next one that has it.
  const preferred: ContentLang[] = manifest.languages.includes(locale) ? [locale, ...manifest.languages.filter((l) => l !== locale)] : manifest.languages
  let lang: ContentLang | null = null
  let bundle: Awaited<ReturnType<typeof lessonBundle>> = undefined
  for (const candidate of preferred) {
    bundle = await lessonBundle(args.context.work, course.versionId, module, lesson, candidate)
    if (bundle) {
      lang = candidate
      break
    }
  }
  if (!bundle || !lang) notFound()
  const path = lessonPath(series, module, lesson)
  const state: LessonState = { action: path, lang, enrolled: false, canSubmit: false, quizzes: {}, reflections: {}, reader: 'parent' }
  const html = renderLessonHtml(bundle, state, locale)
  const user = args.context.auth?.user
  const read = user ? new Set((await readLessons(args.context.work, series)).map((r) => r.key)) : null
  return {
    series: { title: pickLocalized(manifest.title, locale) },
    lang,
    languages: manifest.languages,
    lesson: { title: pickLocalized(location.lesson.title, lang), minutes: location.lesson.minutes, read: read?.has(`${module}/${lesson}`) ?? false },
    html,
    loggedIn: Boolean(user),
    path,
    previous: location.previous ? lessonPath(series, location.previous.moduleId, location.previous.lessonId) : null,
    next: location.next ? lessonPath(series, location.next.moduleId, location.next.lessonId) : null,
    contents: flatLessons(manifest).map(({ module: m, lesson: l }) => ({
      href: lessonPath(series, m.id, l.id),
      title: pickLocalized(l.title, lang),
      read: read?.has(`${m.id}/${l.id}`) ?? false,
      current: m.id === module && l.id === lesson,
    })),
  }
}

const ReadSchema = z.object({ intent: z.literal('read') })

export async function action(args: ActionFunctionArgs) {
  requireUser(args)
  const { series, module, lesson } = await load(args)
  const submission = await parseForm(args.request, ReadSchema)
  invariantResponse(submission.status === 'success', 'error.badRequest.text', { status: 400 })
  await markRead(args.context.work, { courseId: series, moduleId: module, lessonId: lesson })
  return redirect(lessonPath(series, module, lesson))
}

export default function ParentLessonPage() {
  const d = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const navigation = useNavigation()
  const contentLang = d.lang === locale ? undefined : d.lang
  return (
    <div className="lesson-main parent-lesson">
      <p className="eyebrow">
        <Link to="/parents">{d.series.title}</Link>
      </p>
      <h1 lang={contentLang}>{d.lesson.title}</h1>
      <p className="lesson-meta">
        {t('lesson.minutes', { minutes: d.lesson.minutes })}
        {d.lesson.read ? <span className="parent-badge">✓ {t('parentLessons.read')}</span> : null}
      </p>
      <LanguageFallback shown={d.lang} available={d.languages} />
      <article className="lesson-content" lang={d.lang} dangerouslySetInnerHTML={{ __html: d.html }} />
      <div className="lesson-footer">
        {!d.loggedIn ? (
          <p>
            <Link to={`/login?redirectTo=${encodeURIComponent(d.path)}`}>{t('parentLessons.loginToTrack')}</Link>
          </p>
        ) : d.lesson.read ? (
          <p className="notice notice--success" role="status">
            {t('parentLessons.isRead')}
          </p>
        ) : (
          <Form method="post" preventScrollReset>
            <input type="hidden" name="intent" value="read" />
            <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
              {t('parentLessons.markRead')}
            </button>
          </Form>
        )}
        <nav className="pager" aria-label={t('parentLessons.pager')}>
          {d.previous ? (
            <Link to={d.previous} rel="prev">
              ← {t('lesson.previous')}
            </Link>
          ) : (
            <span />
          )}
          {d.next ? (
            <Link to={d.next} rel="next">
              {t('lesson.next')} →
            </Link>
          ) : null}
        </nav>
        <nav className="parent-contents" aria-labelledby="parent-contents-title">
          <h2 id="parent-contents-title">{t('parentLessons.lessons')}</h2>
          <ol className="parent-lessons">
            {d.contents.map((l) => (
              <li key={l.href}>
                <Link to={l.href} lang={contentLang} aria-current={l.current ? 'page' : undefined}>
                  {l.title}
                </Link>
                {l.read ? <span className="parent-badge">✓ {t('parentLessons.read')}</span> : null}
              </li>
            ))}
          </ol>
          <p>
            <Link to="/parents">{t('parentLessons.all')}</Link>
          </p>
        </nav>
      </div>
    </div>
  )
}
