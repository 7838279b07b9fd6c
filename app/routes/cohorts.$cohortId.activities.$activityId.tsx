import { getFormProps, getInputProps, useForm } from '@conform-to/react'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import { ErrorList, Field, FormErrors } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireUser } from '#app/http/auth.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { Id, Slug } from '#app/http/params.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { attendanceSheet, AttendanceSchema, recordAttendance, type AttendanceInput } from '#app/modules/courses/activities.server.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { getCohort } from '#app/modules/courses/cohorts.server.ts'
import { canViewRoster } from '#app/modules/courses/roster.server.ts'
import type { Work } from '#app/core/work.server.ts'

export const handle: PageHandle = {
  title: (data, t) => {
    const title = (data as { activity?: { title: string } } | undefined)?.activity?.title
    return title ? `${t('cohort.attendance.title')}: ${title}` : undefined
  },
}

// One activity of the course plan (a webinar, a practice session, an
// assignment...) for one cohort: its trainer, or whoever manages the cohort,
// ticks who attended (or whose assignment was accepted) and on what date.
// A plain form; the server records every active teacher at once.
async function activityArgs(work: Work, user: AuthUser, params: LoaderFunctionArgs['params']) {
  const { cohortId, activityId } = parseParams(params, { cohortId: Id, activityId: Slug })
  const cohort = await getCohort(work, cohortId)
  if (!cohort) notFound()
  invariantResponse(canViewRoster(cohort, user.id, adminRegions(user)), 'error.forbidden.text', { status: 403 })
  const manifest = await versionManifest(work.db, cohort.course_version_id)
  const activity = manifest?.activities?.find((a) => a.id === activityId)
  if (!activity) notFound()
  return { cohort, activity }
}

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { work } = args.context
  const { cohort, activity } = await activityArgs(work, user, args.params)
  const sheet = await attendanceSheet(work, cohort.id, activity.id)
  const today = localIsoDate(now())
  const heldOn = sheet.find((r) => r.heldOn)?.heldOn ?? (today < cohort.ends_on ? today : cohort.ends_on)
  return {
    cohort: { id: cohort.id, title: cohort.title, startsOn: cohort.starts_on, endsOn: cohort.ends_on },
    activity: { id: activity.id, kind: activity.kind, title: activity.title, hours: activity.hours, required: activity.required },
    sheet,
    heldOn,
    latest: today < cohort.ends_on ? today : cohort.ends_on,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args)
  const { work } = args.context
  const { cohort, activity } = await activityArgs(work, user, args.params)
  const submission = await parseForm(args.request, AttendanceSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await recordAttendance(work, {
    cohort,
    activity,
    heldOn: submission.value.heldOn,
    done: submission.value.done,
    today: localIsoDate(now()),
  })
  if (!result.ok) return data(submission.reply({ fieldErrors: { [result.error.field]: [result.error.message] } }), { status: 400 })
  return redirect(`/cohorts/${cohort.id}/activities/${activity.id}?saved=1`)
}

export default function AttendancePage() {
  const { cohort, activity, sheet, heldOn, latest } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const [params] = useSearchParams()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const [form, fields] = useForm<AttendanceInput>({ id: `attendance-${activity.id}`, lastResult, defaultValue: { heldOn } })
  const title = pickLocalized(activity.title, locale)
  const active = sheet.filter((r) => r.editable)
  const ended = sheet.filter((r) => !r.editable)
  const tickLabel = activity.kind === 'assignment' ? t('cohort.attendance.accepted') : t('cohort.attendance.attended')
  return (
    <section className="page narrow" aria-labelledby="attendance-title">
      <p className="breadcrumbs">
        <Link to={`/cohorts/${cohort.id}/roster`}>{t('cohort.attendance.back')}</Link>
      </p>
      <p className="eyebrow">
        {t('cohort.attendance.title')} · {cohort.title}
      </p>
      <h1 id="attendance-title">{title}</h1>
      <p>
        {t(`cohort.activity.kind.${activity.kind}`)} · {t('cohort.activities.hours', { hours: f.number(activity.hours, 1) })}
        {activity.required ? null : <> · {t('cohort.activities.optional')}</>}
      </p>
      {params.get('saved') ? (
        <p className="notice notice--success" role="status">
          {t('cohort.attendance.saved')}
        </p>
      ) : null}
      {active.length ? (
        <Form method="post" {...getFormProps(form)} className="stack">
          <FormErrors id={form.errorId} errors={form.errors} />
          <Field
            label={activity.kind === 'assignment' ? t('cohort.attendance.markedOn') : t('cohort.attendance.heldOn')}
            errors={fields.heldOn.errors}
            errorId={fields.heldOn.errorId}
            inputProps={{ ...getInputProps(fields.heldOn, { type: 'date' }), required: true, min: cohort.startsOn, max: latest }}
          />
          <fieldset className="question" aria-describedby={`${fields.done.errorId} attendance-explain`}>
            <legend>{tickLabel}</legend>
            <p id="attendance-explain" className="field-description">
              {t('cohort.attendance.explain')}
            </p>
            {active.map((r) => (
              <div className="option" key={r.enrolmentId}>
                <input id={`done-${r.enrolmentId}`} type="checkbox" name="done" value={r.enrolmentId} defaultChecked={r.outcome === 'done'} />
                <label htmlFor={`done-${r.enrolmentId}`}>
                  {r.fullName}
                  <span className="muted">
                    {' '}
                    · {t(`cohort.attendance.outcome.${r.outcome ?? 'none'}`)}
                    {r.heldOn ? `, ${f.date(r.heldOn)}` : ''}
                  </span>
                </label>
              </div>
            ))}
            <ErrorList id={fields.done.errorId} errors={fields.done.errors} />
          </fieldset>
          <div>
            <button type="submit" className="button" disabled={navigation.state !== 'idle'}>
              {t('cohort.attendance.save')}
            </button>
          </div>
        </Form>
      ) : (
        <p className="notice">{t('cohort.attendance.none')}</p>
      )}
      {ended.length ? (
        <>
          <h2>{t('cohort.attendance.ended')}</h2>
          <ul>
            {ended.map((r) => (
              <li key={r.enrolmentId}>
                {r.fullName} — {t(`cohort.enrolment.${r.status}`)}: {t(`cohort.attendance.outcome.${r.outcome ?? 'none'}`)}
                {r.heldOn ? `, ${f.date(r.heldOn)}` : ''}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  )
}
