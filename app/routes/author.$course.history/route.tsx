import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Link, useActionData, useLoaderData } from '@remix-run/react'
import { z } from 'zod'
import { FormErrors } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole } from '#app/http/auth.server.ts'
import { requireCourseEditor } from '#app/http/course-editor.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { parseForm } from '#app/http/submission.server.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { moveCohort, planCohortMove } from '#app/modules/authoring/cohort-move.server.ts'
import type { FileDiff } from '#app/modules/authoring/diff.server.ts'
import { DRAFT } from '#app/modules/authoring/compare.ts'
import { compareVersions, courseCohort, courseHistory, planLessons } from '#app/modules/authoring/history.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import href from '#app/styles/history.css?url'
import { CohortsSection } from './cohorts-section.tsx'
import { CompareSection } from './compare-section.tsx'
import { MovePlan } from './move-plan.tsx'
import { useVersionLabels } from './version-labels.ts'
import { VersionsTable } from './versions-table.tsx'

// A course's published versions, a line diff between any two of them (or the
// current version and the draft), and the cohorts pinned to each. Admins move
// a cohort to another version in two plain form posts: plan, then confirm.

export const handle: PageHandle = { title: staffTitle('history.title') }
export const links = () => [{ rel: 'stylesheet', href }]

const QuerySchema = z.object({
  from: z.string().max(64).optional().catch(undefined),
  to: z.string().max(64).optional().catch(undefined),
  moved: z.string().max(64).optional().catch(undefined),
})
const MoveSchema = z.object({
  intent: z.enum(['plan', 'move'], { errorMap: () => ({ message: 'history.error.moveVersion' }) }),
  cohortId: z.string({ message: 'history.error.noCohort' }).min(1, 'history.error.noCohort').max(64, 'history.error.noCohort'),
  toVersionId: z.string({ message: 'history.error.chooseVersion' }).min(1, 'history.error.chooseVersion').max(64, 'history.error.moveVersion'),
})
const MOVE_ERRORS = ['history.error.moveVersion', 'history.error.noCohort', 'history.error.chooseVersion'] as const
type MoveError = (typeof MOVE_ERRORS)[number]

export async function loader(args: LoaderFunctionArgs) {
  const { user, courseId } = await requireCourseEditor(args)
  const { work } = args.context
  const query = QuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const { current, title, versions, cohorts, draftCount } = await courseHistory(work, courseId)

  let compare: { from: string; to: string; files: FileDiff[] } | null = null
  if (current) {
    const ids = versions.map((v) => v.id)
    const to = query.to ?? current
    // The draft is laid over the current version, so that is what it is compared with.
    const from = query.from ?? (to === DRAFT ? current : (ids[ids.indexOf(current) + 1] ?? current))
    invariantResponse(ids.includes(from), 'error.authoring.noVersion', { status: 404 })
    invariantResponse(to === DRAFT || ids.includes(to), 'error.authoring.noVersion', { status: 404 })
    compare = { from, to, files: await compareVersions(work, courseId, from, to) }
  }
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    courseId,
    title,
    current,
    versions,
    draftCount,
    compare,
    cohorts,
    movedId: query.moved ?? null,
    canMove: hasRole(user, 'admin'),
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, courseId } = await requireCourseEditor(args)
  invariantResponse(hasRole(user, 'admin'), 'error.authoring.adminOnlyMove', { status: 403 })
  const { work } = args.context
  const refuse = (error: MoveError) => data({ ok: false as const, error }, { status: 400 })
  const submission = await parseForm(args.request, MoveSchema)
  if (submission.status !== 'success') {
    const first = Object.values(submission.error ?? {}).flatMap((messages) => messages ?? [])[0]
    return refuse(MOVE_ERRORS.find((e) => e === first) ?? 'history.error.moveVersion')
  }
  const input = submission.value
  const cohort = await courseCohort(work, courseId, input.cohortId)
  if (!cohort) return refuse('history.error.noCohort')
  if (input.intent === 'move') {
    const moved = await moveCohort(work, { cohortId: cohort.id, toVersionId: input.toVersionId })
    if (!moved) return refuse('history.error.moveVersion')
    return redirect(`/author/${courseId}/history?moved=${encodeURIComponent(cohort.id)}`)
  }
  // planCohortMove refuses a version of another course and the cohort's own.
  const plan = await planCohortMove(work, cohort.id, input.toVersionId)
  if (!plan) return refuse('history.error.moveVersion')
  return { ok: true as const, plan, cohortTitle: cohort.title, lessons: await planLessons(work, plan) }
}

export default withStaffMessages(CourseHistory)

function CourseHistory() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const locale = useLocale()
  const { dateOf } = useVersionLabels()
  const course = d.title ? pickLocalized(d.title, locale) : d.courseId
  const moved = d.movedId ? d.cohorts.find((c) => c.id === d.movedId) : undefined

  return (
    <section className="page history" aria-labelledby="history-title">
      <p className="history__back">
        <Link to={`/author/${d.courseId}`}>{t('history.back')}</Link>
      </p>
      <h1 id="history-title">{t('history.heading', { course })}</h1>
      {moved ? (
        <p role="status" className="notice notice--success">
          {t('history.move.done', { cohort: moved.title, date: dateOf(moved.versionId) })}
        </p>
      ) : null}
      {result && !result.ok ? <FormErrors id="move-errors" errors={[result.error]} /> : null}
      <MovePlan />
      <VersionsTable />
      <CompareSection />
      <CohortsSection />
    </section>
  )
}
