import type { LoaderFunctionArgs } from '@remix-run/node'
import { adminRegions, requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { translate, type MessageKey } from '#app/i18n/catalog.server.ts'
import { formatDateTime } from '#app/i18n/format.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getCohort } from '#app/modules/courses/cohorts.server.ts'
import { UTF8_BOM, toCsv } from '#app/modules/csv/csv-write.server.ts'
import { canViewRoster, getRoster } from '#app/modules/courses/roster.server.ts'

// The roster as a spreadsheet, in the reader's language; the same people may
// download it as may see the roster page.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { context, params, request } = args
  const { cohortId } = parseParams(params, { cohortId: Id })
  const cohort = await getCohort(context.work, cohortId)
  if (!cohort) notFound()
  invariantResponse(canViewRoster(cohort, user.id, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  const { quizzes, rows } = await getRoster(context.work, cohort)
  const locale = resolveLocale(request, context)
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(locale, key, values)

  const header = [
    t('auth.field.fullName'),
    t('auth.field.iin'),
    t('auth.field.email'),
    t('cohort.roster.status'),
    t('cohort.csv.progress'),
    t('cohort.csv.lessonsDone'),
    t('cohort.csv.lessonsTotal'),
    ...quizzes.map((q) =>
      t('cohort.csv.score', {
        quiz: q.kind === 'final' ? t('cohort.roster.finalExam') : t('cohort.roster.moduleQuiz', { module: pickLocalized(q.moduleTitle, locale) }),
      }),
    ),
    t('cohort.roster.lastActivity'),
  ]
  const body = rows.map((r) => [
    r.fullName,
    r.iin ?? '',
    r.email,
    t(`cohort.enrolment.${r.status}`),
    String(r.percent),
    String(r.lessonsDone),
    String(r.lessonsTotal),
    ...quizzes.map((q) => String(r.bestScores[q.id] ?? '')),
    r.lastActivityAt ? formatDateTime(r.lastActivityAt, locale) : '',
  ])

  return new Response(UTF8_BOM + toCsv([header, ...body]), {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="roster-${cohort.id}.csv"`,
      'Cache-Control': 'private, no-store',
    },
  })
}
