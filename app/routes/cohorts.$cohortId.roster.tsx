import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm } from '@conform-to/react'
import { getZodConstraint, parseWithZod } from '@conform-to/zod'
import { data, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation } from '@remix-run/react'
import { z } from 'zod'
import { ErrorList, Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { parseSubmission } from '#app/http/submission.server.ts'
import { localName } from '#app/components/localized.ts'
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
  const { db, work } = args.context
  const cohort = await getCohort(work, args.params.cohortId ?? '')
  if (!cohort) notFound()
  const regions = adminRegions(user)
  invariantResponse(canViewRoster(cohort, user.id, regions), 'error.forbidden.text', { status: 403 })
  const [roster, titled, retakes, manifest] = await Promise.all([getRoster(work, cohort), withCourseTitles(work, [cohort]), cohortRetakes(work, cohort), versionManifest(db, cohort.course_version_id)])
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

const ActionSchema = z.object({ intent: z.enum(['open', 'close']) })

const RetakeSchema = z.object({
  intent: z.literal('retake'),
  enrolmentId: z.string({ required_error: 'cohort.retake.error.teacher' }).min(1, 'cohort.retake.error.teacher'),
  quizId: z.string({ required_error: 'cohort.retake.error.quiz' }).min(1, 'cohort.retake.error.quiz'),
  attempts: z
    .number({ required_error: 'cohort.retake.error.attempts', invalid_type_error: 'cohort.retake.error.attempts' })
    .int('cohort.retake.error.attempts')
    .min(1, 'cohort.retake.error.attempts')
    .max(5, 'cohort.retake.error.attempts'),
  reason: z.string({ required_error: 'cohort.retake.error.reason' }).trim().min(3, 'cohort.retake.error.reason').max(500, 'cohort.retake.error.reasonTooLong'),
})

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args)
  const { context, params, request } = args
  const cohort = await getCohort(context.work, params.cohortId ?? '')
  if (!cohort) notFound()
  const regions = adminRegions(user)
  const formData = await request.formData()
  if (formData.get('intent') === 'retake') {
    invariantResponse(canViewRoster(cohort, user.id, regions), 'error.forbidden.text', { status: 403 })
    const submission = parseSubmission(formData, { schema: RetakeSchema })
    if (submission.status !== 'success') return data({ result: submission.reply(), granted: false }, { status: 400 })
    const input = submission.value
    const enrolment = await context.db.selectFrom('enrolments').select('id').where('id', '=', input.enrolmentId).where('cohort_id', '=', cohort.id).executeTakeFirst()
    if (!enrolment) return data({ result: submission.reply({ fieldErrors: { enrolmentId: ['cohort.retake.error.teacher'] } }), granted: false }, { status: 400 })
    const granted = await grantRetake(context.work, { enrolmentId: enrolment.id, quizId: input.quizId, extra: input.attempts, reason: input.reason })
    if (!granted.ok) return data({ result: submission.reply({ fieldErrors: { quizId: ['cohort.retake.error.quiz'] } }), granted: false }, { status: 400 })
    return { result: submission.reply({ resetForm: true }), granted: true }
  }
  requireRole(args, 'admin', 'regional_admin')
  invariantResponse(canManageCohort(cohort, regions), 'error.forbidden.text', { status: 403 })
  const parsed = ActionSchema.safeParse(Object.fromEntries(formData))
  invariantResponse(parsed.success, 'error.badRequest.text', { status: 400 })
  await setCohortStatus(context.work, cohort.id, parsed.data.intent === 'open' ? 'open' : 'closed')
  return { result: null, granted: false }
}

function Missing() {
  const t = useT()
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('cohort.roster.none')}</span>
    </>
  )
}

export default function RosterPage() {
  const { cohort, roster, retakes, canManage, plan } = useLoaderData<typeof loader>()
  const actionData = useActionData<typeof action>()
  const navigation = useNavigation()
  const [retakeForm, retakeFields] = useForm({
    id: 'retake',
    lastResult: actionData?.result ?? undefined,
    defaultValue: { attempts: '1' },
    constraint: getZodConstraint(RetakeSchema),
    onValidate: ({ formData }) => parseWithZod(formData, { schema: RetakeSchema }),
    shouldValidate: 'onSubmit',
    shouldRevalidate: 'onInput',
  })
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const { quizzes, rows } = roster
  const duration = (seconds: number) => t('cohort.duration', { hours: f.number(Math.floor(seconds / 3600)), minutes: f.number(Math.floor((seconds % 3600) / 60)) })
  const activityTotal = plan?.activities.filter((a) => a.required).length ?? 0
  const quizLabel = (q: (typeof quizzes)[number]) =>
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
        <dd>{f.date(cohort.starts_on)} – {f.date(cohort.ends_on)}</dd>
        <dt>{t('cohort.field.trainer')}</dt>
        <dd>{cohort.trainer_name ?? t('cohort.field.noTrainer')}</dd>
        <dt>{t('cohort.field.region')}</dt>
        <dd>{localName({ name_kk: cohort.region_kk, name_ru: cohort.region_ru, name_en: cohort.region_en }, locale)}</dd>
        <dt>{t('cohort.field.seats')}</dt>
        <dd>{f.number(cohort.taken)} / {f.number(cohort.capacity)}</dd>
        <dt>{t('cohort.field.status')}</dt>
        <dd>{t(cohort.status === 'open' ? 'cohort.roster.opened' : 'cohort.roster.closed')}</dd>
      </dl>

      <div className="actions roster-actions">
        <a className="button button--secondary" href={`/cohorts/${cohort.id}/roster.csv`} download>
          {t('cohort.roster.download')}
        </a>
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

      <h2 id="participants-title">{t('cohort.roster.participants', { count: f.number(rows.length) })}</h2>
      {rows.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="participants-title">
          <table>
            <thead>
              <tr>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('auth.field.fullName')}</th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('auth.field.iin')}</th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('auth.field.email')}</th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('cohort.roster.status')}</th>
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('cohort.roster.progress')}</th>
                {plan ? <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('cohort.roster.timeOnTask')}</th> : null}
                {activityTotal ? <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('cohort.roster.activities')}</th> : null}
                {quizzes.length ? <th scope="colgroup" colSpan={quizzes.length}>{t('cohort.roster.bestScores')}</th> : null}
                <th scope="col" rowSpan={quizzes.length ? 2 : 1}>{t('cohort.roster.lastActivity')}</th>
              </tr>
              {quizzes.length ? (
                <tr>
                  {quizzes.map((q) => (
                    <th key={q.id} scope="col">{quizLabel(q)}</th>
                  ))}
                </tr>
              ) : null}
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={r.enrolmentId}>
                  <th scope="row">{r.fullName}</th>
                  <td>{r.iin ?? <Missing />}</td>
                  <td className="roster-email">{r.email}</td>
                  <td>{t(`cohort.enrolment.${r.status}`)}</td>
                  <td>
                    <span className="roster-progress">
                      <progress max={100} value={r.percent} aria-label={t('cohort.roster.progressOf', { name: r.fullName })} />
                      <span>{f.percent(r.percent / 100, 0)}</span>
                    </span>
                    <span className="roster-progress__lessons">
                      {t('cohort.roster.lessons', { done: f.number(r.lessonsDone), total: f.number(r.lessonsTotal) })}
                    </span>
                  </td>
                  {plan ? (
                    <td>
                      {t('cohort.roster.timeOf', { spent: duration(plan.byEnrolment[r.enrolmentId]?.countedSeconds ?? 0), required: duration(plan.requiredSeconds) })}
                      <span className="roster-progress__lessons">
                        {(plan.byEnrolment[r.enrolmentId]?.countedSeconds ?? 0) >= plan.requiredSeconds ? t('cohort.roster.timeMet') : t('cohort.roster.timeShort')}
                      </span>
                    </td>
                  ) : null}
                  {activityTotal ? <td>{t('cohort.roster.activitiesDone', { done: f.number(plan?.byEnrolment[r.enrolmentId]?.activitiesDone ?? 0), total: f.number(activityTotal) })}</td> : null}
                  {quizzes.map((q) => {
                    const score = r.bestScores[q.id]
                    return <td key={q.id}>{score === null || score === undefined ? <Missing /> : f.percent(score / 100, 0)}</td>
                  })}
                  <td>{r.lastActivityAt ? f.dateTime(r.lastActivityAt) : <Missing />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('cohort.roster.empty')}</p>
      )}

      <h2 id="retakes-title">{t('cohort.retake.title')}</h2>
      <p>{t('cohort.retake.intro')}</p>
      {retakes.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="retakes-title">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('auth.field.fullName')}</th>
                <th scope="col">{t('cohort.retake.quiz')}</th>
                <th scope="col">{t('cohort.retake.attempts')}</th>
                <th scope="col">{t('cohort.retake.reason')}</th>
                <th scope="col">{t('cohort.retake.grantedBy')}</th>
              </tr>
            </thead>
            <tbody>
              {retakes.map((r) => {
                const quiz = quizzes.find((q) => q.id === r.quiz_id)
                return (
                  <tr key={r.id}>
                    <th scope="row">{r.teacher_name}</th>
                    <td>{quiz ? quizLabel(quiz) : r.quiz_id}</td>
                    <td>+{f.number(r.extra_attempts)}</td>
                    <td>{r.reason}</td>
                    <td>{r.granted_by_name}, {f.dateTime(r.granted_at)}</td>
                  </tr>
                )
              })}
            </tbody>
          </table>
        </div>
      ) : null}
      {actionData?.granted ? <p className="notice notice--success" role="status">{t('cohort.retake.done')}</p> : null}
      {rows.length && quizzes.length ? (
        <Form method="post" {...getFormProps(retakeForm)} className="stack card" aria-labelledby="retake-form-title">
          <h3 id="retake-form-title">{t('cohort.retake.grant')}</h3>
          <FormErrors id={retakeForm.errorId} errors={retakeForm.errors} />
          <input type="hidden" name="intent" value="retake" />
          <SelectField label={t('auth.field.fullName')} errors={retakeFields.enrolmentId.errors} errorId={retakeFields.enrolmentId.errorId} selectProps={getSelectProps(retakeFields.enrolmentId)}>
            <option value="">—</option>
            {rows.map((r) => (
              <option key={r.enrolmentId} value={r.enrolmentId}>{r.fullName}</option>
            ))}
          </SelectField>
          <SelectField label={t('cohort.retake.quiz')} errors={retakeFields.quizId.errors} errorId={retakeFields.quizId.errorId} selectProps={getSelectProps(retakeFields.quizId)}>
            <option value="">—</option>
            {quizzes.map((q) => (
              <option key={q.id} value={q.id}>{quizLabel(q)}</option>
            ))}
          </SelectField>
          <Field
            label={t('cohort.retake.attempts')}
            errors={retakeFields.attempts.errors}
            errorId={retakeFields.attempts.errorId}
            inputProps={getInputProps(retakeFields.attempts, { type: 'number' })}
          />
          <div className="field">
            <label htmlFor={retakeFields.reason.id}>{t('cohort.retake.reason')}</label>
            <textarea {...getTextareaProps(retakeFields.reason)} rows={3} maxLength={500} />
            <ErrorList id={retakeFields.reason.errorId} errors={retakeFields.reason.errors} />
          </div>
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>{t('cohort.retake.submit')}</button>
        </Form>
      ) : null}
      {plan?.activities.length ? (
        <section aria-labelledby="plan-title">
          <h2 id="plan-title">{t('cohort.activities.title')}</h2>
          <p className="field-description">{t('cohort.activities.explain')}</p>
          <ul>
            {plan.activities.map((a) => (
              <li key={a.id}>
                <strong>{pickLocalized(a.title, locale)}</strong>{' '}
                ({t(`cohort.activity.kind.${a.kind}`)}, {t('cohort.activities.hours', { hours: f.number(a.hours, 1) })}{a.required ? '' : `, ${t('cohort.activities.optional')}`}) ·{' '}
                {t('cohort.activities.recorded', { done: f.number(a.done), total: f.number(rows.filter((r) => r.status !== 'withdrawn').length) })} ·{' '}
                <Link to={`/cohorts/${cohort.id}/activities/${a.id}`} aria-label={t('cohort.activities.recordLabel', { title: pickLocalized(a.title, locale) })}>
                  {t('cohort.activities.record')}
                </Link>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </section>
  )
}
