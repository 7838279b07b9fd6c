import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { SubmissionResult } from '@conform-to/react'
import { parseForm } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { useLoaderData, type ClientActionFunctionArgs } from '@remix-run/react'
import { z } from 'zod'
import { queueSession } from '#app/components/offline-sessions/queue.ts'
import { newClientKey, recordFields, sessionFields, type ErrorParams } from '#app/components/offline-sessions/records.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { canRunCentre, centreSchools, ensureCentre } from '#app/modules/parents/centres.server.ts'
import { confirmDistinct, listSessions, parentLessonChoices, recordSession, SessionInputSchema, sessionSchool } from '#app/modules/parents/sessions.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import type { Work } from '#app/core/work.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import centreStyles from '#app/styles/centre.css?url'
import { Centre } from './centre-panel.tsx'
import { SchoolPicker } from './school-picker.tsx'

export const handle: PageHandle = { title: staffTitle('centre.title') }
export const links = () => [{ rel: 'stylesheet', href: centreStyles }]

// A school's parent centre (АПҚО): record a session held, see the recent ones.
// A coordinator opens their school's centre; one with several schools, a
// regional admin (their region's schools) or an admin picks one (?school=).
// The form works without JavaScript (a plain post, then the session page);
// with it, a record made with no connection waits on the phone (see
// components/offline-sessions/) and is sent when the phone is back online.

/** The school asked for (?school=), or the only one the user has; 403 for one they may not run. */
async function chosenSchool(work: Work, user: AuthUser, request: Request, schools: { id: string }[]): Promise<string | null> {
  const schoolId = new URL(request.url).searchParams.get('school') ?? (schools.length === 1 ? schools[0]!.id : null)
  if (schoolId) invariantResponse(await canRunCentre(work, user, schoolId), 'error.forbidden.text', { status: 403 })
  return schoolId
}

// The lesson select holds "<series>/<module>/<lesson>"; the sessions module takes the series and the lesson key apart.
const withSessionFields = (value: unknown) =>
  typeof value === 'object' && value !== null && !Array.isArray(value) ? { ...value, ...sessionFields(recordFields(value as Record<string, unknown>)) } : value

const CentreActionSchema = z.preprocess(
  withSessionFields,
  z.discriminatedUnion('intent', [
    z.object({ intent: z.literal('separate-group'), sessionId: Id }),
    SessionInputSchema.extend({ intent: z.literal('record') }),
  ]),
)

const centreHref = (school: string) => `/centre?school=${encodeURIComponent(school)}`

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { work } = args.context
  const schools = await centreSchools(work, user)
  invariantResponse(schools.length, 'error.forbidden.text', { status: 403 })
  const schoolId = await chosenSchool(work, user, args.request, schools)
  const regions = schools.length > 1 ? await listRegions(work) : []
  const picker = { schools: schools.length > 1 ? schools : [], regions }
  if (!schoolId) return { picker, centre: null }

  const centre = await ensureCentre(work, schoolId)
  const school = schools.find((s) => s.id === schoolId)
  if (!centre || !school) notFound()
  const series = await parentLessonChoices(work)
  const lessons = series.map((s) => ({ title: s.title, lessons: s.lessons.map((l) => ({ value: `${s.courseId}/${l.key}`, title: l.title })) }))
  const sessions = await listSessions(work, { schoolId, limit: 50 })
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    picker,
    centre: { school, capacity: centre.capacity, openedOn: centre.opened_on },
    today: localIsoDate(now()),
    // A double-submitted form (or a resend) carries the same key and makes one session.
    clientKey: newClientKey(),
    lessons,
    sessions: sessions.map((s) => ({
      id: s.id,
      heldOn: s.held_on,
      lesson: `${s.course_id}/${s.module_id}/${s.lesson_id}`,
      facilitator: s.facilitator,
      headCount: s.head_count,
      checkins: Number(s.checkins),
      flagged: s.duplicate_of !== null,
    })),
  }
}

export async function action(args: ActionFunctionArgs) {
  const user = requireUser(args)
  const { work } = args.context
  const schoolId = await chosenSchool(work, user, args.request, await centreSchools(work, user))
  invariantResponse(schoolId, 'error.badRequest.text', { status: 400 })
  // As the sync route does: the schema's own messages for empty fields, not a generic "required".
  const submission = await parseForm(args.request, CentreActionSchema, { disableAutoCoercion: true })
  if (submission.status !== 'success') {
    invariantResponse(submission.payload.intent !== 'separate-group', 'error.notFound.text', { status: 404 })
    return data({ result: submission.reply(), params: null }, { status: 400 })
  }
  const input = submission.value
  if (input.intent === 'separate-group') {
    invariantResponse((await sessionSchool(work, input.sessionId)) === schoolId, 'error.notFound.text', { status: 404 })
    await confirmDistinct(work, input.sessionId)
    return redirect(centreHref(schoolId))
  }
  const result = await recordSession(work, { schoolId, session: input, source: 'form' })
  if (!result.ok) {
    const { form, ...fields } = result.error.fieldErrors
    const fieldErrors = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string[]] => Array.isArray(e[1])))
    return data({ result: submission.reply({ formErrors: form, fieldErrors }), params: result.error.params ?? null }, { status: 400 })
  }
  return redirect(`/centre/sessions/${result.value.sessionId}?recorded=1`)
}

/**
 * With no connection a record goes into the phone's queue instead. The answer
 * has status 503 so that Remix does not reload the page's data, which would
 * need the connection there is not.
 */
export async function clientAction({ request, serverAction }: ClientActionFunctionArgs) {
  const formData = await request.clone().formData()
  const school = new URL(request.url).searchParams.get('school')
  const recording = formData.get('intent') === 'record' && school
  const queue = async (schoolId: string) => {
    await queueSession(schoolId, recordFields(formData))
    return Response.json({ queued: true }, { status: 503 })
  }
  if (recording && !navigator.onLine) return queue(recording)
  try {
    return await serverAction<typeof action>()
  } catch (error) {
    // A redirect or an error response passes on; only a dropped connection (a TypeError from fetch) is caught.
    if (!(error instanceof TypeError)) throw error
    return recording ? queue(recording) : Response.json({ offline: true }, { status: 503 })
  }
}

export type Loaded = ReturnType<typeof useLoaderData<typeof loader>>
export type RecordReply = { result: SubmissionResult<string[]>; params: ErrorParams | null }

export default withStaffMessages(CentrePage)

function CentrePage() {
  const loaded = useLoaderData<typeof loader>()
  const t = useT()
  return (
    <section className="page centre" aria-labelledby="centre-title">
      <h1 id="centre-title">{t('centre.title')}</h1>
      {loaded.picker.schools.length ? <SchoolPicker picker={loaded.picker} current={loaded.centre?.school.id ?? null} /> : null}
      {'today' in loaded && loaded.centre ? <Centre loaded={loaded} /> : null}
    </section>
  )
}
