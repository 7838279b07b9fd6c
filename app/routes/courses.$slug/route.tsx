import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { NextStepNotice } from '#app/components/next-step-notice.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole, requireUser } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { Slug } from '#app/http/params.ts'
import { viewOf } from '#app/http/page-cache.server.ts'
import { parseForm, parseParams } from '#app/http/submission.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLanguageName, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { getPublishedCourse, versionManifest } from '#app/modules/courses/catalogue.server.ts'
import { listCohorts } from '#app/modules/courses/cohorts.server.ts'
import { enrol, findEnrolment } from '#app/modules/courses/enrolment.server.ts'
import { enrolmentOutlook } from '#app/modules/courses/outlook.server.ts'
import { enrolmentNextStep, requiredActivities } from '#app/modules/courses/next-step.server.ts'
import { personAttempts } from '#app/modules/courses/attempts.server.ts'
import { courseStanding } from '#app/modules/courses/order.server.ts'
import { CohortsSection } from './cohorts-section.tsx'
import { Syllabus } from './syllabus.tsx'

// A course page is links and one form: it arrives without scripts, so a
// visitor's page is rendered once per data of its loaders and kept (ADR 037).
export const handle: PageHandle & { hydrate: false } = {
  hydrate: false,
  title: (data, t) => {
    const d = data as { course?: { title: Record<string, string> }; locale?: string } | undefined
    return d?.course ? pickLocalized(d.course.title, d.locale ?? 'kk') : t('catalogue.title')
  },
}

export async function loader({ params, context, request }: LoaderFunctionArgs) {
  const { slug } = parseParams(params, { slug: Slug })
  const { work } = context
  const user = context.auth?.user
  // Reads that do not wait for each other go out together (on PostgreSQL each
  // is a round trip), and the enrolment's standing and end facts are read
  // once, in one statement, for both the outlook and the next step: three
  // waits and five statements where there were four and seven.
  const [course, enrolment] = await Promise.all([getPublishedCourse(work, slug), user ? findEnrolment(work, user.id, slug) : undefined])
  if (!course) notFound()
  // The enrolment's own version, which need not be the course's current one.
  const enrolled = enrolment ? await versionManifest(work.db, enrolment.course_version_id) : null
  const [cohorts, read] = await Promise.all([
    course.manifest.audience === 'teachers' ? listCohorts(work, { courseId: course.slug, openOnly: true, today: localIsoDate(now()) }) : [],
    enrolment && enrolled
      ? personAttempts(
          work,
          { userId: enrolment.user_id, courseId: enrolment.course_id },
          { lessonsOf: enrolment.id, endOf: { enrolmentId: enrolment.id, requiredActivities: requiredActivities(enrolled) } },
        )
      : undefined,
  ])
  const standing = enrolment && enrolled && read ? await courseStanding(work, enrolment, enrolled, read) : undefined
  const [outlook, step] = enrolment
    ? await Promise.all([enrolmentOutlook(work, enrolment, standing), enrolmentNextStep(work, enrolment, standing, read?.end)])
    : [null, null]
  return {
    locale: resolveLocale(request, context),
    // The published manifest as sealed data, copied and hashed once per version: the page key then costs a lookup for it (ADR 037).
    course: viewOf(course.manifest, 'course-page', () => structuredClone(course.manifest)),
    cohorts: cohorts.map((c) => ({
      id: c.id,
      title: c.title,
      lang: c.lang,
      startsOn: c.starts_on,
      endsOn: c.ends_on,
      capacity: c.capacity,
      taken: c.taken,
      trainer: c.trainer_name,
      region: { name_kk: c.region_kk, name_ru: c.region_ru, name_en: c.region_en },
    })),
    enrolment: enrolment
      ? { status: enrolment.status, cohortId: enrolment.cohort_id, cohortTitle: enrolment.cohort_title, started: Boolean(enrolment.started_at) }
      : null,
    outlook,
    step,
    loggedIn: Boolean(user),
    canEnrol: user ? hasRole(user, 'teacher') : false,
  }
}

const EnrolSchema = z.object({ cohortId: z.string().max(64).default('') })

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args)
  const { context, params, request } = args
  const { slug } = parseParams(params, { slug: Slug })
  const course = await getPublishedCourse(context.work, slug)
  if (!course) notFound()
  if (course.manifest.audience !== 'teachers' || !hasRole(user, 'teacher')) return data({ error: 'course.error.notTeacher' }, { status: 403 })
  const submission = await parseForm(request, EnrolSchema)
  const cohortId = submission.status === 'success' ? submission.value.cohortId : ''
  const result = await enrol(context.work, { userId: user.id, cohortId, courseId: slug, source: 'self', today: localIsoDate(now()) })
  if (!result.ok) return data({ error: `course.error.${result.error}` }, { status: result.error === 'notFound' ? 404 : 409 })
  return redirect(`/learn/${slug}`)
}

export default function CoursePage() {
  const { course, enrolment, outlook, step } = useLoaderData<typeof loader>()
  const t = useT()
  const languageName = useLanguageName()
  const locale = useLocale()
  const f = useFormat()
  const l = (value: Partial<Record<string, string>>) => pickLocalized(value, locale)
  return (
    <section className="page course-page" aria-labelledby="course-title">
      <p className="eyebrow">{t(course.audience === 'teachers' ? 'catalogue.audience.teachers' : 'catalogue.audience.parents')}</p>
      <h1 id="course-title">{l(course.title)}</h1>
      <p className="lead">{l(course.summary)}</p>
      <ul className="facts" role="list">
        <li>{t('course.hours', { hours: course.hours })}</li>
        <li>
          {t('course.languages')}: {course.languages.map((lang) => languageName(lang)).join(', ')}
        </li>
        {course.approval ? <li>{t('course.approval', { number: course.approval.number, date: f.date(course.approval.date) })}</li> : null}
      </ul>

      {enrolment && step ? (
        <div className="stack">
          {enrolment.status === 'active' ? (
            <p>
              {t('course.enrolledHere')} ({enrolment.cohortTitle}) ·{' '}
              <a href={`/cohorts/${enrolment.cohortId}/calendar.ics`} download>
                {t('calendar.add')}
              </a>
            </p>
          ) : null}
          <NextStepNotice step={step} here={`/courses/${course.slug}`} />
          {outlook?.spent.length && (enrolment.status === 'active' || enrolment.status === 'not_passed') ? (
            <p>
              {t(outlook.spent.includes('final') ? 'course.reason.finalSpent' : 'course.reason.moduleSpent')}{' '}
              {enrolment.status === 'active' && step.kind !== 'cohortEnded' ? t('course.spent.finish') : null}
            </p>
          ) : null}
        </div>
      ) : null}

      <Syllabus />
      {course.audience === 'teachers' ? <p>{t('course.completionRule', { mark: course.completion.module_quizzes })}</p> : null}
      {course.audience === 'parents' && course.modules[0]?.lessons[0] ? (
        <p>
          <Link className="button" to={`/parents/${course.slug}/${course.modules[0].id}/${course.modules[0].lessons[0].id}`}>
            {t('course.readParentLessons')}
          </Link>
        </p>
      ) : null}

      {course.audience === 'teachers' ? <CohortsSection /> : null}
    </section>
  )
}
