import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { listCohorts } from '#app/modules/courses/cohorts.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import { ReportQuerySchema, reportFilter } from '#app/modules/surveys/report-filter.server.ts'
import { getSurveyReport } from '#app/modules/surveys/reports.server.ts'
import { FunnelSection } from './funnel-section.tsx'
import { ItemMeans, ScaleChanges, ScaleMeans } from './mean-tables.tsx'
import { QuestionResults } from './question-results.tsx'
import { ReportFilters } from './report-filters.tsx'

export const handle: PageHandle = {
  title: (data) => (data as { title?: string } | undefined)?.title,
}

const ParamsSchema = z.object({
  surveyId: z
    .string()
    .max(100)
    .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/),
})

export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  const allowed = adminRegions(user)
  const query = ReportQuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const filter = await reportFilter(args.context.work, query, allowed)
  invariantResponse(filter, 'error.forbidden.text', { status: 403 })
  const report = await getSurveyReport(args.context.work, params.data.surveyId, filter)
  if (!report) notFound()
  const [courses, cohorts, regions] = await Promise.all([
    listCatalogue(args.context.work, {}, localIsoDate(now())),
    listCohorts(args.context.work, { courseId: query.course || undefined, regions: allowed }),
    listRegions(args.context.work),
  ])
  return {
    title: pickLocalized(report.survey.title, resolveLocale(args.request, args.context)),
    report,
    query,
    courses: courses.map((c) => ({ slug: c.slug, title: c.manifest.title })),
    cohorts: cohorts.map((c) => ({ id: c.id, title: c.title })),
    regions: regions.filter((r) => allowed === null || allowed.includes(r.code)),
  }
}

export default function SurveyReportPage() {
  const { report, query, courses, cohorts, regions } = useLoaderData<typeof loader>()
  const t = useT()
  const locale = useLocale()
  const { survey } = report
  const search = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => Boolean(e[1]))).toString()
  const suffix = search ? `?${search}` : ''

  return (
    <article aria-labelledby="report-title">
      <p className="eyebrow">{t('surveyReport.report.eyebrow')}</p>
      <h1 id="report-title">{pickLocalized(survey.title, locale)}</h1>
      <p>
        <Link to={`/admin/surveys${suffix}`}>{t('surveyReport.report.back')}</Link>
      </p>

      <ReportFilters query={query} courses={courses} cohorts={cohorts} regions={regions} />

      <nav aria-label={t('surveyReport.report.downloads')}>
        <p className="actions">
          <a className="button button--secondary" href={`/admin/surveys/${survey.id}/report.csv${suffix}`} download>
            {t('surveyReport.report.csv')}
          </a>
          <a className="button button--secondary" href={`/admin/surveys/${survey.id}/report.xlsx${suffix}`} download>
            {t('surveyReport.report.xlsx')}
          </a>
        </p>
      </nav>
      <p className="muted">{t('surveyReport.report.privacy')}</p>

      <FunnelSection report={report} />
      <QuestionResults report={report} />
      <ItemMeans report={report} />
      <ScaleMeans report={report} />
      <ScaleChanges report={report} />
    </article>
  )
}
