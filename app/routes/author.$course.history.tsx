import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useLocation } from '@remix-run/react'
import { useEffect, useRef } from 'react'
import { z } from 'zod'
import { FormErrors } from '#app/components/forms.tsx'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole, requireUser } from '#app/http/auth.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { useFormat, useLocale, useT, type TFunction } from '#app/i18n/i18n.tsx'
import { requireCourseEditor } from '#app/modules/authoring/access.server.ts'
import { moveCohort, planCohortMove } from '#app/modules/authoring/cohort-move.server.ts'
import type { FileDiff } from '#app/modules/authoring/diff.server.ts'
import { DRAFT } from '#app/modules/authoring/compare.ts'
import { compareVersions, courseHistory, planLessons } from '#app/modules/authoring/history.server.ts'
import { pickLocalized, slugPattern } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import href from '#app/styles/history.css?url'

// A course's published versions, a line diff between any two of them (or the
// current version and the draft), and the cohorts pinned to each. Admins move
// a cohort to another version in two plain form posts: plan, then confirm.

export const handle: PageHandle = { title: staffTitle('history.title') }
export const links = () => [{ rel: 'stylesheet', href }]

const ParamsSchema = z.object({ course: z.string().regex(slugPattern) })
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

async function requireEditor(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const params = ParamsSchema.safeParse(args.params)
  if (!params.success) notFound()
  await requireCourseEditor(args.context.db, user, params.data.course)
  return { user, courseId: params.data.course }
}

export async function loader(args: LoaderFunctionArgs) {
  const { user, courseId } = await requireEditor(args)
  const { db } = args.context
  const query = QuerySchema.parse(Object.fromEntries(new URL(args.request.url).searchParams))
  const { current, versions, cohorts, draftCount } = await courseHistory(db, courseId)
  const manifest = current ? await versionManifest(db, current) : null

  let compare: { from: string; to: string; files: FileDiff[] } | null = null
  if (current) {
    const ids = versions.map((v) => v.id)
    const to = query.to ?? current
    // The draft is laid over the current version, so that is what it is compared with.
    const from = query.from ?? (to === DRAFT ? current : (ids[ids.indexOf(current) + 1] ?? current))
    invariantResponse(ids.includes(from), 'error.authoring.noVersion', { status: 404 })
    invariantResponse(to === DRAFT || ids.includes(to), 'error.authoring.noVersion', { status: 404 })
    compare = { from, to, files: await compareVersions(db, courseId, from, to) }
  }
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    courseId,
    title: manifest?.title ?? null,
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
  const { user, courseId } = await requireEditor(args)
  invariantResponse(hasRole(user, 'admin'), 'error.authoring.adminOnlyMove', { status: 403 })
  const { db } = args.context
  const refuse = (error: MoveError) => data({ ok: false as const, error }, { status: 400 })
  const parsed = MoveSchema.safeParse(Object.fromEntries(await args.request.formData()))
  if (!parsed.success) return refuse(MOVE_ERRORS.find((e) => e === parsed.error.issues[0]?.message) ?? 'history.error.moveVersion')
  const input = parsed.data
  const cohort = await db.selectFrom('cohorts').select(['id', 'title']).where('id', '=', input.cohortId).where('course_id', '=', courseId).executeTakeFirst()
  if (!cohort) return refuse('history.error.noCohort')
  if (input.intent === 'move') {
    const moved = await moveCohort(db, { cohortId: cohort.id, toVersionId: input.toVersionId, actorUserId: user.id, ip: args.context.clientIp })
    if (!moved) return refuse('history.error.moveVersion')
    return redirect(`/author/${courseId}/history?moved=${encodeURIComponent(cohort.id)}`)
  }
  // planCohortMove refuses a version of another course and the cohort's own.
  const plan = await planCohortMove(db, cohort.id, input.toVersionId)
  if (!plan) return refuse('history.error.moveVersion')
  return { ok: true as const, plan, cohortTitle: cohort.title, lessons: await planLessons(db, plan) }
}

type Version = ReturnType<typeof useLoaderData<typeof loader>>['versions'][number]

function noteOf(v: Version, t: TFunction): string {
  if (v.note) return v.note
  return v.source === 'files' ? t('history.version.fromFiles') : t('history.version.noNote')
}

export default withStaffMessages(CourseHistory)

function CourseHistory() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const location = useLocation()
  const planHeading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    if (result?.ok) planHeading.current?.focus()
  }, [result])

  const byId = new Map(d.versions.map((v) => [v.id, v]))
  const dateOf = (id: string) => {
    const v = byId.get(id)
    return v ? f.dateTime(v.publishedAt) : id
  }
  const optionLabel = (v: Version) => {
    const note = noteOf(v, t)
    const short = note.length > 60 ? `${note.slice(0, 59)}…` : note
    return t(v.id === d.current ? 'history.version.optionCurrent' : 'history.version.option', { date: f.dateTime(v.publishedAt), note: short })
  }
  const labelOf = (id: string) => {
    const v = byId.get(id)
    return v ? optionLabel(v) : id
  }
  const course = d.title ? pickLocalized(d.title, locale) : d.courseId
  const moved = d.movedId ? d.cohorts.find((c) => c.id === d.movedId) : undefined

  return (
    <section className="page history" aria-labelledby="history-title">
      <p className="history__back"><Link to={`/author/${d.courseId}`}>{t('history.back')}</Link></p>
      <h1 id="history-title">{t('history.heading', { course })}</h1>
      {moved ? <p role="status" className="notice notice--success">{t('history.move.done', { cohort: moved.title, date: dateOf(moved.versionId) })}</p> : null}
      {result && !result.ok ? <FormErrors id="move-errors" errors={[result.error]} /> : null}
      {result?.ok ? (
        <section className="history-plan" aria-labelledby="plan-title">
          <h2 id="plan-title" ref={planHeading} tabIndex={-1}>{t('history.plan.title', { cohort: result.cohortTitle })}</h2>
          <p>{t('history.plan.notYet')}</p>
          <dl className="details">
            <dt>{t('history.plan.from')}</dt>
            <dd>{labelOf(result.plan.fromVersionId)}</dd>
            <dt>{t('history.plan.to')}</dt>
            <dd>{labelOf(result.plan.toVersionId)}</dd>
          </dl>
          <ul className="history-plan__facts">
            <li>{t('history.plan.learners', { count: f.number(result.plan.activeLearners) })}</li>
            <li>{t('history.plan.cleared', { count: f.number(result.plan.progressCleared) })}</li>
          </ul>
          {(['changed', 'removed', 'added', 'unchanged'] as const).map((group) => (
            <div key={group} className="history-plan__group">
              <h3>{t(`history.plan.${group}`, { count: f.number(result.lessons[group].length) })}</h3>
              {result.lessons[group].length ? (
                <ul>
                  {result.lessons[group].map((l) => (
                    <li key={l.key}>{l.title ? pickLocalized(l.title, locale) : l.key} <code>{l.key}</code></li>
                  ))}
                </ul>
              ) : null}
            </div>
          ))}
          <p className="muted">{t('history.plan.keeps')}</p>
          <Form method="post" className="actions">
            <input type="hidden" name="cohortId" value={result.plan.cohortId} />
            <input type="hidden" name="toVersionId" value={result.plan.toVersionId} />
            <button type="submit" name="intent" value="move" className="button">{t('history.plan.confirm')}</button>
            <Link to={location.pathname + location.search} className="button button--secondary">{t('history.plan.cancel')}</Link>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="versions-title">
        <h2 id="versions-title">{t('history.versions.title')}</h2>
        <p>{t('history.versions.intro')}</p>
        {d.versions.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="versions-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('history.field.publishedAt')}</th>
                  <th scope="col">{t('history.field.publishedBy')}</th>
                  <th scope="col">{t('history.field.note')}</th>
                  <th scope="col">{t('history.field.hash')}</th>
                  <th scope="col">{t('history.field.current')}</th>
                  <th scope="col">{t('history.field.cohorts')}</th>
                </tr>
              </thead>
              <tbody>
                {d.versions.map((v) => (
                  <tr key={v.id} className={v.id === d.current ? 'history-version--current' : undefined}>
                    <th scope="row">{f.dateTime(v.publishedAt)}</th>
                    <td>{v.source === 'files' ? t('history.version.fromFiles') : (v.by ?? '—')}</td>
                    <td className="history-note">{v.note ?? t('history.version.noNote')}</td>
                    <td><code>{v.hash}</code></td>
                    <td>{v.id === d.current ? <strong>{t('history.version.current')}</strong> : t('history.version.notCurrent')}</td>
                    <td>{f.number(v.cohorts)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('history.versions.empty')}</p>
        )}
      </section>

      <section aria-labelledby="compare-title">
        <h2 id="compare-title">{t('history.compare.title')}</h2>
        {d.compare ? (
          <>
            <Form method="get" className="filters" aria-labelledby="compare-title">
              <div className="field">
                <label htmlFor="compare-from">{t('history.compare.from')}</label>
                <select id="compare-from" name="from" defaultValue={d.compare.from}>
                  {d.versions.map((v) => <option key={v.id} value={v.id}>{optionLabel(v)}</option>)}
                </select>
              </div>
              <div className="field">
                <label htmlFor="compare-to">{t('history.compare.to')}</label>
                <select id="compare-to" name="to" defaultValue={d.compare.to}>
                  <option value={DRAFT}>{t('history.compare.draft', { count: f.number(d.draftCount) })}</option>
                  {d.versions.map((v) => <option key={v.id} value={v.id}>{optionLabel(v)}</option>)}
                </select>
              </div>
              <button type="submit" className="button">{t('history.compare.submit')}</button>
            </Form>
            {d.compare.files.length ? (
              <>
                <p role="status">{t('history.compare.summary', { count: f.number(d.compare.files.length) })}</p>
                {d.compare.files.map((file, i) => <FileDiffView key={file.path} file={file} id={`diff-${i}`} />)}
              </>
            ) : (
              <p role="status" className="notice">{t('history.compare.same')}</p>
            )}
          </>
        ) : (
          <p>{t('history.compare.needTwo')}</p>
        )}
      </section>

      <section aria-labelledby="cohorts-title">
        <h2 id="cohorts-title">{t('history.cohorts.title')}</h2>
        {d.canMove ? null : <p className="muted">{t('history.cohorts.adminOnly')}</p>}
        {d.cohorts.length ? (
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="cohorts-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('cohort.field.title')}</th>
                  <th scope="col">{t('cohort.field.lang')}</th>
                  <th scope="col">{t('cohort.field.dates')}</th>
                  <th scope="col">{t('history.cohorts.version')}</th>
                  {d.canMove ? <th scope="col">{t('history.cohorts.move')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {d.cohorts.map((c) => {
                  const version = byId.get(c.versionId)
                  const targets = d.versions.filter((v) => v.id !== c.versionId)
                  return (
                    <tr key={c.id}>
                      <th scope="row">{c.title}</th>
                      <td>{t(`cohort.lang.${c.lang}`)}</td>
                      <td className="history-dates">{f.date(c.startsOn)} – {f.date(c.endsOn)}</td>
                      <td className="history-note">
                        {version ? <>{f.dateTime(version.publishedAt)}<br /><span className="muted">{noteOf(version, t)}</span></> : '—'}
                      </td>
                      {d.canMove ? (
                        <td>
                          {targets.length ? (
                            <Form method="post" className="history-move">
                              <input type="hidden" name="cohortId" value={c.id} />
                              <label htmlFor={`move-${c.id}`} className="visually-hidden">{t('history.move.target', { cohort: c.title })}</label>
                              <select id={`move-${c.id}`} name="toVersionId" required defaultValue="">
                                <option value="" disabled>{t('history.move.choose')}</option>
                                {targets.map((v) => <option key={v.id} value={v.id}>{optionLabel(v)}</option>)}
                              </select>
                              <button type="submit" name="intent" value="plan" className="button button--secondary">
                                {t('history.move.review')}<span className="visually-hidden">: {c.title}</span>
                              </button>
                            </Form>
                          ) : (
                            <span className="muted">{t('history.move.noTarget')}</span>
                          )}
                        </td>
                      ) : null}
                    </tr>
                  )
                })}
              </tbody>
            </table>
          </div>
        ) : (
          <p>{t('history.cohorts.empty')}</p>
        )}
      </section>
    </section>
  )
}

function FileDiffView({ file, id }: { file: FileDiff; id: string }) {
  const t = useT()
  const f = useFormat()
  return (
    <section className="history-file" aria-labelledby={id}>
      <h3 id={id} className="history-file__title">
        <code className="history-file__path">{file.path}</code>{' '}
        <span className={`history-status history-status--${file.status}`}>{t(`history.diff.status.${file.status}`)}</span>{' '}
        <span className="history-counts">
          <span aria-hidden="true">+{f.number(file.added)} −{f.number(file.removed)}</span>
          <span className="visually-hidden">{t('history.diff.counts', { added: f.number(file.added), removed: f.number(file.removed) })}</span>
        </span>
      </h3>
      {file.hunks.map((hunk, h) => {
        const oldStart = hunk.lines.find((l) => l.oldNo !== null)?.oldNo ?? '—'
        const newStart = hunk.lines.find((l) => l.newNo !== null)?.newNo ?? '—'
        return (
          <div className="history-hunk" key={h}>
            <table>
              <caption>{t('history.diff.hunk', { old: oldStart, new: newStart })}</caption>
              <thead>
                <tr>
                  <th scope="col" className="history-no">{t('history.diff.oldNo')}</th>
                  <th scope="col" className="history-no">{t('history.diff.newNo')}</th>
                  <th scope="col" className="history-mark"><span aria-hidden="true">±</span><span className="visually-hidden">{t('history.diff.change')}</span></th>
                  <th scope="col">{t('history.diff.text')}</th>
                </tr>
              </thead>
              <tbody>
                {hunk.lines.map((line, i) => (
                  <tr key={i} className={`history-line history-line--${line.kind}`}>
                    <td className="history-no">{line.oldNo ?? ''}</td>
                    <td className="history-no">{line.newNo ?? ''}</td>
                    <td className="history-mark">
                      {line.kind === 'same' ? null : (
                        <>
                          <span aria-hidden="true">{line.kind === 'added' ? '+' : '−'}</span>
                          <span className="visually-hidden">{t(line.kind === 'added' ? 'history.diff.added' : 'history.diff.removed')}</span>
                        </>
                      )}
                    </td>
                    <td className="history-text">
                      {line.kind === 'added' ? <ins>{line.text}</ins> : line.kind === 'removed' ? <del>{line.text}</del> : line.text}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )
      })}
    </section>
  )
}
