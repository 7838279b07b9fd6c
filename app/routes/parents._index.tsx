import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { localIsoDate } from '#app/i18n/format.ts'
import { useLanguageName, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { flatLessons, type ContentLang } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { readLessons } from '#app/modules/parents/reads.server.ts'
import parentStyles from '#app/styles/parents.css?url'

export const handle: PageHandle = { title: 'parentLessons.title' }
export const links = () => [{ rel: 'stylesheet', href: parentStyles }]

/** A text in the reader's language when it has one, else in the first it has, with that language. */
function inLang(value: Partial<Record<ContentLang, string>>, lang: ContentLang): { text: string; lang: ContentLang } {
  const found = value[lang] ? lang : (['kk', 'ru', 'en'] as const).find((l) => value[l])
  return found ? { text: value[found]!, lang: found } : { text: '', lang }
}

// The home of the parent lesson series: every published series with its
// lessons, readable by anyone; a logged-in reader sees which they have read.
export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = resolveLocale(request, context)
  const user = context.auth?.user ?? null
  const series = await listCatalogue(context.work, { audience: 'parents' }, localIsoDate(now()))
  const read = await readLessons(context.work)
  return {
    loggedIn: Boolean(user),
    series: series.map(({ slug, manifest }) => {
      // The lessons in the reader's language when the series has it, else in its first.
      const lang: ContentLang = manifest.languages.includes(locale) ? locale : manifest.languages[0]!
      const lessons = flatLessons(manifest).map(({ module, lesson }) => ({
        href: `/parents/${slug}/${module.id}/${lesson.id}`,
        moduleId: module.id,
        title: inLang(lesson.title, lang),
        minutes: lesson.minutes,
        read: read.some((r) => r.courseId === slug && r.key === `${module.id}/${lesson.id}`),
      }))
      return {
        slug,
        lang,
        title: inLang(manifest.title, locale),
        summary: inLang(manifest.summary, locale),
        modules: manifest.modules.map((m) => ({ id: m.id, title: inLang(m.title, lang), lessons: lessons.filter((l) => l.moduleId === m.id) })),
        read: lessons.filter((l) => l.read).length,
        total: lessons.length,
      }
    }),
  }
}

export default function ParentLessonsPage() {
  const { loggedIn, series } = useLoaderData<typeof loader>()
  const t = useT()
  const languageName = useLanguageName()
  const locale = useLocale()
  const langOf = (lang: string) => (lang === locale ? undefined : lang)
  return (
    <section className="page parents" aria-labelledby="parents-title">
      <h1 id="parents-title">{t('parentLessons.title')}</h1>
      <p className="lead">{t('parentLessons.intro')}</p>
      <p className="parents__links">
        {loggedIn ? null : <Link to={`/login?redirectTo=${encodeURIComponent('/parents')}`}>{t('parentLessons.loginToTrack')}</Link>}
        <Link to="/c">{t('parentLessons.checkinLink')}</Link>
      </p>
      {series.length === 0 ? <p>{t('parentLessons.empty')}</p> : null}
      {series.map((s) => (
        <article key={s.slug} className="parent-series" aria-labelledby={`series-${s.slug}`}>
          <h2 id={`series-${s.slug}`} lang={langOf(s.title.lang)}>
            {s.title.text}
          </h2>
          <p lang={langOf(s.summary.lang)}>{s.summary.text}</p>
          {s.lang !== locale ? <p className="notice">{t('parentLessons.otherLanguage', { lang: languageName(s.lang) })}</p> : null}
          {loggedIn ? <p className="parent-series__progress">{t('parentLessons.readCount', { read: s.read, total: s.total })}</p> : null}
          {s.modules.map((m) => (
            <div key={m.id}>
              {s.modules.length > 1 ? <h3 lang={langOf(m.title.lang)}>{m.title.text}</h3> : null}
              <ol className="parent-lessons" aria-label={s.modules.length > 1 ? m.title.text : t('parentLessons.lessons')}>
                {m.lessons.map((l) => (
                  <li key={l.href}>
                    <Link to={l.href} lang={langOf(l.title.lang)}>
                      {l.title.text}
                    </Link>{' '}
                    <span className="muted">· {t('course.minutes', { minutes: l.minutes })}</span>
                    {l.read ? <span className="parent-badge">✓ {t('parentLessons.read')}</span> : null}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </article>
      ))}
    </section>
  )
}
