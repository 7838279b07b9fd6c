import { getFormProps, getInputProps, getSelectProps, useForm } from '@conform-to/react'
import { parseForm } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, useActionData, useLoaderData, useNavigation, useSubmit } from '@remix-run/react'
import { Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { listCatalogue } from '#app/modules/courses/catalogue.server.ts'
import { CohortInputSchema, createCohort, type CohortInput } from '#app/modules/courses/cohorts.server.ts'
import { listTrainers } from '#app/modules/courses/roster.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'

export const handle: PageHandle = { title: 'cohort.new.title' }

// Two steps that work without JavaScript, as on the registration page: choose
// the course (a GET form), then fill in the rest with only that course's
// languages to choose from. The server checks everything again.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { work } = args.context
  const allowed = adminRegions(user)
  const courses = await listCatalogue(work, {}, localIsoDate(now()))
  const requested = new URL(args.request.url).searchParams.get('course')
  const course = courses.find((c) => c.slug === requested) ?? null
  const [regions, trainers] = await Promise.all([listRegions(work), course ? listTrainers(work) : []])
  return {
    courses: courses.map((c) => ({ slug: c.slug, title: c.manifest.title })),
    course: course ? { slug: course.slug, title: course.manifest.title, languages: course.manifest.languages } : null,
    regions: regions.filter((r) => allowed === null || allowed.includes(r.code)),
    trainers,
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { context, request } = args
  const submission = await parseForm(request, CohortInputSchema)
  if (submission.status !== 'success') return data(submission.reply(), { status: 400 })
  const result = await createCohort(context.work, submission.value, adminRegions(user))
  if (!result.ok) return data(submission.reply({ fieldErrors: result.error }), { status: 400 })
  return redirect(`/admin/cohorts?created=${result.value.cohortId}`)
}

export default function NewCohortPage() {
  const { courses, course, regions, trainers } = useLoaderData<typeof loader>()
  const lastResult = useActionData<typeof action>()
  const navigation = useNavigation()
  const submit = useSubmit()
  const t = useT()
  const locale = useLocale()
  const [form, fields] = useForm<CohortInput>({
    id: 'new-cohort',
    lastResult,
    defaultValue: {
      courseId: course?.slug,
      lang: course?.languages.length === 1 ? course.languages[0] : undefined,
      regionCode: regions.length === 1 ? regions[0]?.code : undefined,
      capacity: 30,
    },
  })
  return (
    <section className="page narrow" aria-labelledby="new-cohort-heading">
      <h1 id="new-cohort-heading">{t('cohort.new.title')}</h1>

      <Form method="get" className="stack step" aria-labelledby="step-course">
        <h2 id="step-course" className="step__title">
          {t('cohort.new.step1')}
        </h2>
        {courses.length ? (
          <>
            <div className="field">
              <label htmlFor="course-choice">{t('cohort.field.course')}</label>
              <select
                id="course-choice"
                name="course"
                required
                defaultValue={course?.slug ?? ''}
                onChange={(e) => submit(e.currentTarget.form, { replace: true, preventScrollReset: true })}
              >
                <option value="" disabled>
                  {t('cohort.new.chooseCourse')}
                </option>
                {courses.map((c) => (
                  <option key={c.slug} value={c.slug}>
                    {pickLocalized(c.title, locale)}
                  </option>
                ))}
              </select>
            </div>
            <noscript>
              <button type="submit" className="button button--secondary">
                {t('cohort.new.continue')}
              </button>
            </noscript>
          </>
        ) : (
          <p>{t('cohort.new.noCourses')}</p>
        )}
      </Form>

      {course ? (
        <Form
          method="post"
          action={`/admin/cohorts/new?course=${encodeURIComponent(course.slug)}`}
          {...getFormProps(form)}
          className="stack step"
          aria-labelledby="step-details"
        >
          <h2 id="step-details" className="step__title">
            {t('cohort.new.step2', { course: pickLocalized(course.title, locale) })}
          </h2>
          <FormErrors id={form.errorId} errors={form.errors} />
          <input type="hidden" name="courseId" value={course.slug} />
          <FormErrors id={fields.courseId.errorId} errors={fields.courseId.errors} />
          <Field
            label={t('cohort.field.title')}
            errors={fields.title.errors}
            errorId={fields.title.errorId}
            inputProps={{ ...getInputProps(fields.title, { type: 'text' }), required: true, maxLength: 120 }}
          />
          <SelectField
            label={t('cohort.field.lang')}
            errors={fields.lang.errors}
            errorId={fields.lang.errorId}
            selectProps={{ ...getSelectProps(fields.lang), required: true }}
          >
            <option value="">{t('cohort.new.chooseLang')}</option>
            {course.languages.map((l) => (
              <option key={l} value={l}>
                {t(`cohort.lang.${l}`)}
              </option>
            ))}
          </SelectField>
          <Field
            label={t('cohort.field.startsOn')}
            errors={fields.startsOn.errors}
            errorId={fields.startsOn.errorId}
            inputProps={{ ...getInputProps(fields.startsOn, { type: 'date' }), required: true }}
          />
          <Field
            label={t('cohort.field.endsOn')}
            errors={fields.endsOn.errors}
            errorId={fields.endsOn.errorId}
            inputProps={{ ...getInputProps(fields.endsOn, { type: 'date' }), required: true }}
          />
          <SelectField
            label={t('cohort.field.trainer')}
            errors={fields.trainerId.errors}
            errorId={fields.trainerId.errorId}
            selectProps={getSelectProps(fields.trainerId)}
          >
            <option value="">{t('cohort.field.noTrainer')}</option>
            {trainers.map((u) => (
              <option key={u.id} value={u.id}>{`${u.full_name} · ${u.email}`}</option>
            ))}
          </SelectField>
          <Field
            label={t('cohort.field.capacity')}
            errors={fields.capacity.errors}
            errorId={fields.capacity.errorId}
            inputProps={{ ...getInputProps(fields.capacity, { type: 'number' }), required: true, min: 1, max: 10_000, step: 1, inputMode: 'numeric' }}
          />
          <SelectField
            label={t('cohort.field.region')}
            errors={fields.regionCode.errors}
            errorId={fields.regionCode.errorId}
            selectProps={{ ...getSelectProps(fields.regionCode), required: true }}
          >
            <option value="">{t('cohort.new.chooseRegion')}</option>
            {regions.map((r) => (
              <option key={r.code} value={r.code}>
                {localName(r, locale)}
              </option>
            ))}
          </SelectField>
          <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
            {t('cohort.new.submit')}
          </button>
        </Form>
      ) : null}
    </section>
  )
}
