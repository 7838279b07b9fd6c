import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { Field, FilterForm, SelectField } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { localIsoDate } from '#app/i18n/format.ts'
import { useLanguageName, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { SEARCH_MAX } from '#app/modules/courses/catalogue-search.ts'
import { now } from '#app/modules/clock/clock.server.ts'

export const handle: PageHandle = { title: 'catalogue.title' }

const Filter = z.object({
  audience: z.enum(['teachers', 'parents']).optional().catch(undefined),
  lang: z.enum(['kk', 'ru', 'en']).optional().catch(undefined),
  hours: z.enum(['upTo36', 'over36']).optional().catch(undefined),
  q: z.string().trim().optional().catch(undefined),
})

export async function loader({ request, context }: LoaderFunctionArgs) {
  const filter = Filter.parse(Object.fromEntries(new URL(request.url).searchParams))
  const query = filter.q ?? ''
  // A text too long to be a search is refused with a message, not cut short.
  const tooLong = query.length > SEARCH_MAX
  const courses = await listCatalogue(
    context.work,
    {
      audience: filter.audience,
      lang: filter.lang,
      hoursMax: filter.hours === 'upTo36' ? 36 : undefined,
      hoursMin: filter.hours === 'over36' ? 37 : undefined,
      search: query && !tooLong ? { query, locale: resolveLocale(request, context) } : undefined,
    },
    localIsoDate(now()),
  )
  return {
    filter,
    query,
    tooLong,
    courses: courses.map((c) => ({
      slug: c.slug,
      audience: c.manifest.audience,
      title: c.manifest.title,
      summary: c.manifest.summary,
      hours: c.manifest.hours,
      languages: c.manifest.languages,
      openCohorts: c.openCohorts,
    })),
  }
}

export default function CataloguePage() {
  const { filter, query, tooLong, courses } = useLoaderData<typeof loader>()
  const t = useT()
  const languageName = useLanguageName()
  const locale = useLocale()
  return (
    <section className="page" aria-labelledby="catalogue-title">
      <h1 id="catalogue-title">{t('catalogue.title')}</h1>
      <p className="lead">{t('catalogue.intro')}</p>
      <FilterForm label={t('catalogue.filters')} submitLabel={t('catalogue.apply')}>
        <Field
          label={t('catalogue.search')}
          errors={tooLong ? [t('catalogue.search.tooLong', { max: SEARCH_MAX })] : null}
          errorId="f-q-error"
          inputProps={{
            id: 'f-q',
            name: 'q',
            type: 'search',
            defaultValue: query,
            maxLength: SEARCH_MAX,
            autoComplete: 'off',
            'aria-invalid': tooLong || undefined,
          }}
        />
        <SelectField label={t('catalogue.audience')} selectProps={{ id: 'f-audience', name: 'audience', defaultValue: filter.audience ?? '' }}>
          <option value="">{t('catalogue.audience.any')}</option>
          <option value="teachers">{t('catalogue.audience.teachers')}</option>
          <option value="parents">{t('catalogue.audience.parents')}</option>
        </SelectField>
        <SelectField label={t('catalogue.language')} selectProps={{ id: 'f-lang', name: 'lang', defaultValue: filter.lang ?? '' }}>
          <option value="">{t('catalogue.language.any')}</option>
          <option value="kk">{languageName('kk', { capital: true })}</option>
          <option value="ru">{languageName('ru', { capital: true })}</option>
          <option value="en">{languageName('en', { capital: true })}</option>
        </SelectField>
        <SelectField label={t('catalogue.hours')} selectProps={{ id: 'f-hours', name: 'hours', defaultValue: filter.hours ?? '' }}>
          <option value="">{t('catalogue.hours.any')}</option>
          <option value="upTo36">{t('catalogue.hours.upTo36')}</option>
          <option value="over36">{t('catalogue.hours.over36')}</option>
        </SelectField>
      </FilterForm>
      <p role="status">
        {query && !tooLong
          ? courses.length
            ? t('catalogue.search.count', { count: courses.length, query })
            : t('catalogue.search.none', { query })
          : courses.length
            ? t('catalogue.count', { count: courses.length })
            : t('catalogue.empty')}
      </p>
      <ul className="cards" role="list">
        {courses.map((c) => (
          <li key={c.slug} className="card course-card">
            <p className="eyebrow">{t(c.audience === 'teachers' ? 'catalogue.audience.teachers' : 'catalogue.audience.parents')}</p>
            <h2>
              <Link to={`/courses/${c.slug}`}>{pickLocalized(c.title, locale)}</Link>
            </h2>
            <p>{pickLocalized(c.summary, locale)}</p>
            <p className="course-card__meta">
              {t('course.hours', { hours: c.hours })} · {c.languages.map((l) => languageName(l)).join(', ')}
              {c.audience === 'teachers' ? ` · ${t('catalogue.openCohorts', { count: c.openCohorts })}` : ''}
            </p>
          </li>
        ))}
      </ul>
    </section>
  )
}
