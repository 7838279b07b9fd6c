import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCohorts } from '#app/modules/courses/cohorts.server.ts'
import { withCourseTitles } from '#app/modules/courses/roster.server.ts'

export const handle: PageHandle = { title: 'trainer.title' }

// The cohorts the signed-in user trains. Admins may open it too: they see the
// cohorts they train themselves (the rest are under /admin/cohorts).
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const cohorts = await listCohorts(args.context.work, { trainerId: user.id })
  return { cohorts: await withCourseTitles(args.context.work, cohorts) }
}

export default function TrainerHome() {
  const { cohorts } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section className="page" aria-labelledby="trainer-title">
      <h1 id="trainer-title">{t('trainer.title')}</h1>
      <p>
        <Link to="/trainer/support">{t('support.trainer.title')}</Link>
      </p>
      {cohorts.length ? (
        <>
          <p>{t('trainer.intro')}</p>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="trainer-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('cohort.field.title')}</th>
                  <th scope="col">{t('cohort.field.course')}</th>
                  <th scope="col">{t('cohort.field.lang')}</th>
                  <th scope="col">{t('cohort.field.dates')}</th>
                  <th scope="col">{t('cohort.field.region')}</th>
                  <th scope="col">{t('cohort.field.seats')}</th>
                  <th scope="col">{t('cohort.field.status')}</th>
                </tr>
              </thead>
              <tbody>
                {cohorts.map((c) => (
                  <tr key={c.id}>
                    <th scope="row">
                      <Link to={`/cohorts/${c.id}/roster`}>{c.title}</Link>
                    </th>
                    <td>{pickLocalized(c.courseTitle, locale)}</td>
                    <td>{t(`cohort.lang.${c.lang}`)}</td>
                    <td>
                      {f.date(c.starts_on)} – {f.date(c.ends_on)}
                    </td>
                    <td>{localName({ name_kk: c.region_kk, name_ru: c.region_ru, name_en: c.region_en }, locale)}</td>
                    <td>
                      {f.number(c.taken)} / {f.number(c.capacity)}
                    </td>
                    <td>{t(`cohort.status.${c.status}`)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : (
        <p>{t('trainer.empty')}</p>
      )}
    </section>
  )
}
