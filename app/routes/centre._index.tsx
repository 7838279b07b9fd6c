import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getFormProps, getInputProps, getSelectProps, getTextareaProps, useForm, type SubmissionResult } from '@conform-to/react'
import { parseSubmission } from '#app/http/submission.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, type ClientActionFunctionArgs } from '@remix-run/react'
import { useEffect, useState } from 'react'
import { ErrorList, Field, FormErrors, SelectField } from '#app/components/forms.tsx'
import { localName } from '#app/components/localized.ts'
import { newClientKey, OfflineSessions, queueSession, recordFields, sessionFields, useErrorText, type ErrorParams, type QueuedSession, type RecordFields } from '#app/components/offline-sessions.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { now } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { canRunCentre, centreScope, ensureCentre } from '#app/modules/parents/centres.server.ts'
import { confirmDistinct, listSessions, parentLessonChoices, recordSession, SessionInputSchema } from '#app/modules/parents/sessions.server.ts'
import { listRegions } from '#app/modules/reference/reference.server.ts'
import type { Database } from '#db/client.server.ts'
import type { AuthUser } from '#app/modules/auth/session.server.ts'
import centreStyles from '#app/styles/centre.css?url'

export const handle: PageHandle = { title: staffTitle('centre.title') }
export const links = () => [{ rel: 'stylesheet', href: centreStyles }]

// A school's parent centre (АПҚО): record a session held, see the recent ones.
// A coordinator opens their school's centre; one with several schools, a
// regional admin (their region's schools) or an admin picks one (?school=).
// The form works without JavaScript (a plain post, then the session page);
// with it, a record made with no connection waits on the phone (see
// components/offline-sessions.tsx) and is sent when the phone is back online.

/** The schools whose centre `user` may run, for the picker. */
async function centreSchools(db: Database, user: AuthUser) {
  const scope = centreScope(user)
  let query = db.selectFrom('schools').select(['id', 'region_code', 'name_kk', 'name_ru', 'name_en']).orderBy('region_code').orderBy('name_kk')
  if (!('all' in scope)) {
    if (!scope.schools.length && !scope.regions.length) return []
    query = query.where((eb) => eb.or([eb('id', 'in', [...scope.schools, '']), eb('region_code', 'in', [...scope.regions, ''])]))
  }
  return query.execute()
}

/** The school asked for (?school=), or the only one the user has; 403 for one they may not run. */
async function chosenSchool(db: Database, user: AuthUser, request: Request, schools: { id: string }[]): Promise<string | null> {
  const schoolId = new URL(request.url).searchParams.get('school') ?? (schools.length === 1 ? schools[0]!.id : null)
  if (schoolId) invariantResponse(await canRunCentre(db, user, schoolId), 'error.forbidden.text', { status: 403 })
  return schoolId
}

const centreHref = (school: string) => `/centre?school=${encodeURIComponent(school)}`

export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { db } = args.context
  const schools = await centreSchools(db, user)
  invariantResponse(schools.length, 'error.forbidden.text', { status: 403 })
  const schoolId = await chosenSchool(db, user, args.request, schools)
  const regions = schools.length > 1 ? await listRegions(args.context.work) : []
  const picker = { schools: schools.length > 1 ? schools : [], regions }
  if (!schoolId) return { picker, centre: null }

  const centre = await ensureCentre(db, schoolId)
  const school = schools.find((s) => s.id === schoolId)
  if (!centre || !school) notFound()
  const series = await parentLessonChoices(db)
  const lessons = series.map((s) => ({ title: s.title, lessons: s.lessons.map((l) => ({ value: `${s.courseId}/${l.key}`, title: l.title })) }))
  const sessions = await listSessions(db, { schoolId, limit: 50 })
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
  const { db, clientIp } = args.context
  const schoolId = await chosenSchool(db, user, args.request, await centreSchools(db, user))
  invariantResponse(schoolId, 'error.badRequest.text', { status: 400 })
  const formData = await args.request.formData()

  if (formData.get('intent') === 'separate-group') {
    const sessionId = String(formData.get('sessionId') ?? '')
    const session = await db.selectFrom('parent_sessions').select('school_id').where('id', '=', sessionId).executeTakeFirst()
    invariantResponse(session?.school_id === schoolId, 'error.notFound.text', { status: 404 })
    await confirmDistinct(db, { sessionId, actorUserId: user.id, ip: clientIp })
    return redirect(centreHref(schoolId))
  }

  // As the sync route does: the schema's own messages for empty fields, not a generic "required".
  const submission = parseSubmission(new URLSearchParams(sessionFields(recordFields(formData))), { schema: SessionInputSchema, disableAutoCoercion: true })
  if (submission.status !== 'success') return data({ result: submission.reply(), params: null }, { status: 400 })
  const result = await recordSession(db, { schoolId, session: submission.value, source: 'form', actorUserId: user.id, ip: clientIp })
  if (!result.ok) {
    const { form, ...fields } = result.fieldErrors
    const fieldErrors = Object.fromEntries(Object.entries(fields).filter((e): e is [string, string[]] => Array.isArray(e[1])))
    return data({ result: submission.reply({ formErrors: form, fieldErrors }), params: result.params ?? null }, { status: 400 })
  }
  return redirect(`/centre/sessions/${result.sessionId}?recorded=1`)
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

type Loaded = ReturnType<typeof useLoaderData<typeof loader>>
type RecordReply = { result: SubmissionResult<string[]>; params: ErrorParams | null }

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

function SchoolPicker({ picker, current }: { picker: Loaded['picker']; current: string | null }) {
  const t = useT()
  const locale = useLocale()
  return (
    <Form method="get" className={current ? 'centre-picker centre-picker--compact' : 'centre-picker step'}>
      {current ? null : <p>{t('centre.pick.intro')}</p>}
      <div className="field">
        <label htmlFor="centre-school">{current ? t('centre.pick.other') : t('centre.pick.school')}</label>
        <select id="centre-school" name="school" required defaultValue={current ?? ''}>
          <option value="" disabled>{t('centre.pick.choose')}</option>
          {picker.regions.map((region) => {
            const schools = picker.schools.filter((s) => s.region_code === region.code)
            return schools.length ? (
              <optgroup key={region.code} label={localName(region, locale)}>
                {schools.map((s) => (
                  <option key={s.id} value={s.id}>{localName(s, locale)}</option>
                ))}
              </optgroup>
            ) : null
          })}
        </select>
      </div>
      <button type="submit" className="button button--secondary">{t('centre.pick.submit')}</button>
    </Form>
  )
}

interface Draft {
  /** Changes when the form starts afresh: after a record was queued, or to fix a refused one. */
  version: number
  defaults?: RecordFields
  result?: SubmissionResult<string[]>
  params?: ErrorParams
}

function Centre({ loaded }: { loaded: Extract<Loaded, { today: string }> }) {
  const { centre, lessons, sessions, today } = loaded
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const actionData = useActionData<typeof clientAction>()
  const reply: RecordReply | undefined = actionData && 'result' in actionData ? actionData : undefined
  const [draft, setDraft] = useState<Draft>({ version: 0 })
  const [clientKey, setClientKey] = useState(loaded.clientKey)
  const school = centre.school.id

  // The page may come from the service worker's cache, with a key already used: each page gets its own.
  useEffect(() => setClientKey(newClientKey()), [])
  useEffect(() => {
    if (actionData && 'queued' in actionData) {
      setDraft((d) => ({ version: d.version + 1 }))
      setClientKey(newClientKey())
    } else if (reply) {
      setDraft((d) => (d.result ? { version: d.version } : d))
    }
  }, [actionData, reply])

  const titles = new Map(lessons.flatMap((s) => s.lessons.map((l) => [l.value, pickLocalized(l.title, locale)] as const)))
  const lessonTitle = (value: string) => titles.get(value) ?? value
  const fix = (item: QueuedSession) => {
    setDraft((d) => ({ version: d.version + 1, defaults: item.fields, result: { status: 'error', initialValue: item.fields, error: item.refused?.errors }, params: item.refused?.params }))
    setClientKey(newClientKey())
    // The Fix button has gone with the record: the field to fix takes the focus.
    requestAnimationFrame(() => {
      const form = document.getElementById('record-session')
      const field = form?.querySelector<HTMLElement>('[aria-invalid="true"]') ?? form?.querySelector('select')
      field?.focus()
    })
  }

  return (
    <>
      <p className="centre-school">{localName(centre.school, locale)}</p>
      <ul className="facts centre-facts" role="list">
        <li>{t('centre.facts.capacity', { capacity: f.number(centre.capacity) })}</li>
        <li>{t('centre.facts.openedOn', { date: f.date(centre.openedOn) })}</li>
      </ul>
      {actionData && 'offline' in actionData ? <p className="form-errors" role="alert">{t('centre.offline.noConnection')}</p> : null}
      <div className="centre-layout">
        <RecordForm
          key={draft.version}
          school={school}
          capacity={centre.capacity}
          openedOn={centre.openedOn}
          today={today}
          lessons={lessons}
          clientKey={clientKey}
          defaults={draft.defaults}
          lastResult={draft.result ?? reply?.result}
          params={draft.result ? draft.params : reply?.params}
        />
        <div className="centre-side">
          <OfflineSessions school={school} lessonTitle={lessonTitle} onFix={fix} />
          <SessionsTable school={school} sessions={sessions} lessonTitle={lessonTitle} />
        </div>
      </div>
    </>
  )
}

interface RecordFormProps {
  school: string
  capacity: number
  openedOn: string
  today: string
  lessons: Extract<Loaded, { today: string }>['lessons']
  clientKey: string
  defaults?: RecordFields
  lastResult?: SubmissionResult<string[]>
  params?: ErrorParams | null
}

function RecordForm({ school, capacity, openedOn, today, lessons, clientKey, defaults, lastResult, params }: RecordFormProps) {
  const t = useT()
  const locale = useLocale()
  const errorText = useErrorText()
  const navigation = useNavigation()
  const [form, fields] = useForm<RecordFields & { courseId: string; lessonKey: string }>({
    id: 'record-session',
    lastResult,
    defaultValue: { heldOn: today, ...defaults, clientKey: undefined },
  })
  const lessonErrors = errorText([...(fields.lesson.errors ?? []), ...(fields.courseId.errors ?? []), ...(fields.lessonKey.errors ?? [])])
  return (
    <Form
      method="post"
      action={`/centre?index&school=${encodeURIComponent(school)}`}
      {...getFormProps(form)}
      className="stack step centre-record"
      aria-labelledby="record-title"
    >
      <h2 id="record-title" className="step__title">{t('centre.record.title')}</h2>
      <FormErrors id={form.errorId} errors={errorText([...(form.errors ?? []), ...(fields.clientKey.errors ?? [])], params)} />
      <input type="hidden" name="intent" value="record" />
      <input type="hidden" name="clientKey" value={clientKey} />
      <SelectField
        label={t('centre.field.lesson')}
        errors={lessonErrors}
        errorId={fields.lesson.errorId}
        selectProps={{ ...getSelectProps(fields.lesson), required: true, 'aria-invalid': lessonErrors.length ? true : undefined }}
      >
        <option value="">{t('centre.field.lessonChoose')}</option>
        {lessons.map((series) => (
          <optgroup key={series.lessons[0]?.value ?? ''} label={pickLocalized(series.title, locale)}>
            {series.lessons.map((l) => (
              <option key={l.value} value={l.value}>{pickLocalized(l.title, locale)}</option>
            ))}
          </optgroup>
        ))}
      </SelectField>
      <Field
        label={t('centre.field.heldOn')}
        errors={errorText(fields.heldOn.errors, params)}
        errorId={fields.heldOn.errorId}
        inputProps={{ ...getInputProps(fields.heldOn, { type: 'date' }), required: true, min: openedOn, max: today }}
      />
      <Field
        label={t('centre.field.facilitator')}
        errors={errorText(fields.facilitator.errors)}
        errorId={fields.facilitator.errorId}
        inputProps={{ ...getInputProps(fields.facilitator, { type: 'text' }), required: true, maxLength: 200 }}
      />
      <Field
        label={t('centre.field.headCount')}
        description={t('centre.field.headCountHint', { capacity })}
        errors={errorText(fields.headCount.errors, params)}
        errorId={fields.headCount.errorId}
        inputProps={{ ...getInputProps(fields.headCount, { type: 'number' }), required: true, min: 1, max: capacity, step: 1, inputMode: 'numeric' }}
      />
      <div className="field">
        <label htmlFor={fields.notes.id}>{t('centre.field.notes')}</label>
        <textarea {...getTextareaProps(fields.notes)} rows={3} maxLength={2000} aria-describedby={fields.notes.errors?.length ? fields.notes.errorId : undefined} />
        <ErrorList id={fields.notes.errorId} errors={errorText(fields.notes.errors)} />
      </div>
      <button type="submit" className="button" disabled={navigation.state === 'submitting'}>
        {t('centre.record.submit')}
      </button>
    </Form>
  )
}

function SessionsTable({ school, sessions, lessonTitle }: { school: string; sessions: Extract<Loaded, { today: string }>['sessions']; lessonTitle: (value: string) => string }) {
  const t = useT()
  const f = useFormat()
  return (
    <section aria-labelledby="centre-sessions-title">
      <h2 id="centre-sessions-title">{t('centre.sessions.title')}</h2>
      {sessions.length ? (
        <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="centre-sessions-title">
          <table className="centre-sessions">
            <thead>
              <tr>
                <th scope="col">{t('centre.col.date')}</th>
                <th scope="col">{t('centre.col.lesson')}</th>
                <th scope="col">{t('centre.col.facilitator')}</th>
                <th scope="col">{t('centre.col.headCount')}</th>
                <th scope="col">{t('centre.col.checkins')}</th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    <Link to={`/centre/sessions/${s.id}`}>{f.date(s.heldOn)}</Link>
                  </th>
                  <td>
                    {lessonTitle(s.lesson)}
                    {s.flagged ? (
                      <div className="centre-flag">
                        <p>
                          <span className="tag centre-flag__tag">{t('centre.flagged')}</span> <span className="muted">{t('centre.flagged.hint')}</span>
                        </p>
                        <Form method="post" action={`/centre?index&school=${encodeURIComponent(school)}`} className="inline-form">
                          <input type="hidden" name="intent" value="separate-group" />
                          <input type="hidden" name="sessionId" value={s.id} />
                          <button type="submit" className="button button--quiet">{t('centre.separateGroup')}</button>
                        </Form>
                      </div>
                    ) : null}
                  </td>
                  <td>{s.facilitator}</td>
                  <td>{f.number(s.headCount)}</td>
                  <td>
                    {f.number(s.checkins)} ({f.percent(s.headCount ? s.checkins / s.headCount : 0, 0)})
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>{t('centre.sessions.empty')}</p>
      )}
    </section>
  )
}
