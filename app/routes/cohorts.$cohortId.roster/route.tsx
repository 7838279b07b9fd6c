import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { Id } from '#app/http/params.ts'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole, requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getCohort, setCohortStatus } from '#app/modules/courses/cohorts.server.ts'
import { cohortRetakes, grantRetake } from '#app/modules/courses/attempts.server.ts'
import { canManageCohort, canViewRoster, getRoster, withCourseTitles } from '#app/modules/courses/roster.server.ts'
import { cohortPlanProgress } from '#app/modules/courses/activities.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { DownloadLinks } from '#app/components/download-links.tsx'
import { ParticipantsTable } from './participants-table.tsx'
import { PlanActivities } from './plan-activities.tsx'
import { RetakeSchema } from './retake-schema.ts'
import { Retakes } from './retakes.tsx'

export const handle: PageHandle = {
  title: (data, t) => {
    const title = (data as { cohort?: { title: string } } | undefined)?.cohort?.title
    return title ? `${t('cohort.roster.title')}: ${title}` : undefined
  },
}

// The roster is the cohort's trainer's page, and its region's admins'; only
// admins open or close enrolment. Whoever sees the roster may grant a teacher
// of the cohort a retake (extra attempts at a test, with a reason; audited).
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { work } = args.context
  const { cohortId } = parseParams(args.params, { cohortId: Id })
  const cohort = await getCohort(work, cohortId)
  if (!cohort) notFound()
  const regions = adminRegions(user)
  invariantResponse(canViewRoster(cohort, user.id, regions), 'error.forbidden.text', { status: 403 })
  const [roster, titled, retakes, manifest] = await Promise.all([
    getRoster(work, cohort),
    withCourseTitles(work, [cohort]),
    cohortRetakes(work, cohort),
    versionManifest(work.db, cohort.course_version_id),
  ])
  // The course plan: each teacher's time on task against the minimum, and the activities the trainer records.
  const plan = manifest ? await cohortPlanProgress(work, cohort.id, manifest) : null
  return {
    cohort: titled[0]!,
    roster,
    retakes,
    canManage: canManageCohort(cohort, regions),
    plan: plan
      ? {
          activities: plan.activities.map((a) => ({ id: a.id, kind: a.kind, title: a.title, hours: a.hours, required: a.required, done: a.done })),
          requiredSeconds: plan.requiredSeconds,
          byEnrolment: Object.fromEntries(plan.byEnrolment),
        }
      : null,
  }
}

const ActionSchema = z.discriminatedUnion('intent', [RetakeSchema, z.object({ intent: z.literal('open') }), z.object({ intent: z.literal('close') })])

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args)
  const { context, params, request } = args
  const { cohortId } = parseParams(params, { cohortId: Id })
  const cohort = await getCohort(context.work, cohortId)
  if (!cohort) notFound()
  const regions = adminRegions(user)
  // Whoever sees the roster may grant a retake; opening and closing is for admins.
  invariantResponse(canViewRoster(cohort, user.id, regions), 'error.forbidden.text', { status: 403 })
  const submission = await parseForm(request, ActionSchema)
  if (submission.status !== 'success') return data({ result: submission.reply(), granted: false }, { status: 400 })
  const input = submission.value
  if (input.intent === 'retake') {
    const granted = await grantRetake(context.work, {
      cohortId: cohort.id,
      enrolmentId: input.enrolmentId,
      quizId: input.quizId,
      extra: input.attempts,
      reason: input.reason,
    })
    if (!granted.ok) {
      const fieldErrors: Record<string, string[]> =
        granted.error === 'notFound' ? { enrolmentId: ['cohort.retake.error.teacher'] } : { quizId: ['cohort.retake.error.quiz'] }
      return data({ result: submission.reply({ fieldErrors }), granted: false }, { status: 400 })
    }
    return { result: submission.reply({ resetForm: true }), granted: true }
  }
  requireRole(args, 'admin', 'regional_admin')
  invariantResponse(canManageCohort(cohort, regions), 'error.forbidden.text', { status: 403 })
  await setCohortStatus(context.work, cohort.id, input.intent === 'open' ? 'open' : 'closed')
  return { result: null, granted: false }
}

export default function RosterPage() {
  const { cohort, roster, retakes, canManage, plan } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const quizLabel = (q: (typeof roster.quizzes)[number]) =>
    q.kind === 'final' ? t('cohort.roster.finalExam') : t('cohort.roster.moduleQuiz', { module: pickLocalized(q.moduleTitle, locale) })
  return (
    <section className="page" aria-labelledby="roster-title">
      <p className="eyebrow">{t('cohort.roster.title')}</p>
      <h1 id="roster-title">{cohort.title}</h1>

      <dl className="details">
        <dt>{t('cohort.field.course')}</dt>
        <dd>{pickLocalized(cohort.courseTitle, locale)}</dd>
        <dt>{t('cohort.field.lang')}</dt>
        <dd>{t(`cohort.lang.${cohort.lang}`)}</dd>
        <dt>{t('cohort.field.dates')}</dt>
        <dd>
          {f.date(cohort.starts_on)} – {f.date(cohort.ends_on)}
        </dd>
        <dt>{t('cohort.field.trainer')}</dt>
        <dd>{cohort.trainer_name ?? t('cohort.field.noTrainer')}</dd>
        <dt>{t('cohort.field.region')}</dt>
        <dd>{localName({ name_kk: cohort.region_kk, name_ru: cohort.region_ru, name_en: cohort.region_en }, locale)}</dd>
        <dt>{t('cohort.field.seats')}</dt>
        <dd>
          {f.number(cohort.taken)} / {f.number(cohort.capacity)}
        </dd>
        <dt>{t('cohort.field.status')}</dt>
        <dd>{t(cohort.status === 'open' ? 'cohort.roster.opened' : 'cohort.roster.closed')}</dd>
      </dl>

      <div className="actions roster-actions">
        <DownloadLinks label={t('exportFormat.roster')} csvHref={`/cohorts/${cohort.id}/roster.csv`} xlsxHref={`/cohorts/${cohort.id}/roster.xlsx`} />
        {canManage ? (
          <Form method="post" className="inline-form">
            <button
              type="submit"
              name="intent"
              value={cohort.status === 'open' ? 'close' : 'open'}
              className={cohort.status === 'open' ? 'button button--danger' : 'button'}
              disabled={navigation.state === 'submitting'}
            >
              {t(cohort.status === 'open' ? 'cohort.roster.close' : 'cohort.roster.open')}
            </button>
          </Form>
        ) : null}
      </div>

      <ParticipantsTable roster={roster} plan={plan} quizLabel={quizLabel} />
      <Retakes roster={roster} retakes={retakes} quizLabel={quizLabel} result={actionData?.result} granted={Boolean(actionData?.granted)} />
      <PlanActivities cohortId={cohort.id} plan={plan} rows={roster.rows} />
    </section>
  )
}
