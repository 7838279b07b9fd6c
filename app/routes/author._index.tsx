import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireRole } from '#app/http/auth.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { editableCourseIds } from '#app/modules/authoring/access.server.ts'
import { versionSummary } from '#app/modules/authoring/history.server.ts'
import { loadWorkingCopy, outlineOf } from '#app/modules/authoring/draft.server.ts'
import { hoursSummary } from '#app/modules/content/hours.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import authoringStyles from '#app/styles/authoring.css?url'

export const handle: PageHandle = { title: staffTitle('authoring.title') }
export const links = () => [{ rel: 'stylesheet', href: authoringStyles }]

// The courses the signed-in trainer (or admin) may author, with where each
// stands: the published version, unpublished changes, hours against approval.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin')
  const { work } = args.context
  const courses = []
  for (const id of await editableCourseIds(work, user)) {
    const copy = await loadWorkingCopy(work, id)
    const outline = outlineOf(copy)
    const version = await versionSummary(work, copy.versionId)
    const hours = hoursSummary(outline.modules, outline.approvedHours, outline.activities)
    courses.push({
      id,
      title: outline.title,
      publishedAt: version?.publishedAt ?? null,
      changes: copy.draftCount,
      hours: hours.hours,
      approved: hours.approvedHours,
    })
  }
  return { messages: staffMessagesFor(resolveLocale(args.request, args.context)), courses }
}

export default withStaffMessages(AuthorHome)

function AuthorHome() {
  const { courses } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section className="page" aria-labelledby="author-title">
      <h1 id="author-title">{t('authoring.title')}</h1>
      {courses.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="author-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('authoring.course')}</th>
                <th scope="col">{t('authoring.published')}</th>
                <th scope="col">{t('authoring.draft')}</th>
                <th scope="col">{t('authoring.hours.lessons')}</th>
              </tr>
            </thead>
            <tbody>
              {courses.map((c) => (
                <tr key={c.id}>
                  <th scope="row">
                    <Link to={`/author/${c.id}`}>{pickLocalized(c.title, locale) || c.id}</Link>
                  </th>
                  <td>{c.publishedAt ? f.dateTime(c.publishedAt) : '—'}</td>
                  <td>{c.changes ? t('authoring.draft.changes', { count: c.changes }) : t('authoring.draft.none')}</td>
                  <td>{t('authoring.hours.ofApproved', { hours: f.number(c.hours, 1), approved: f.number(c.approved) })}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('authoring.noCourses')}</p>
      )}
    </section>
  )
}
