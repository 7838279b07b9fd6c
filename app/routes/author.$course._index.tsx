import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from '@remix-run/node'
import { Form, Link, useActionData, useLoaderData, useNavigation, useSearchParams } from '@remix-run/react'
import type { PageHandle } from '#app/components/page-title.tsx'
import { hasRole, requireUser } from '#app/http/auth.server.ts'
import { invariantResponse } from '#app/http/errors.ts'
import { translate as translateMessage } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { localizedNumbers } from '#app/i18n/format.ts'
import { useFormat, useLocale, useT, useTranslateKey } from '#app/i18n/i18n.tsx'
import { addCourseEditor, requireCourseEditor } from '#app/modules/authoring/access.server.ts'
import { addLesson, discardDraft, loadWorkingCopy, outlineOf, parityOf } from '#app/modules/authoring/draft.server.ts'
import { hoursSummary } from '#app/modules/authoring/hours.ts'
import type { ParityIssue } from '#app/modules/authoring/parity.ts'
import { checkWorkingCopy, MAX_NOTE, publishDraft } from '#app/modules/authoring/publish-draft.server.ts'
import { FactChanges } from '#app/components/accreditation/fact-changes.tsx'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { ACTIVITY_KINDS, pickLocalized, type ActivityKind, type ContentLang } from '#app/modules/content/manifest.ts'
import authoringStyles from '#app/styles/authoring.css?url'

export const handle: PageHandle = { title: staffTitle('authoring.title', (d) => (d as { title?: string } | undefined)?.title) }
export const links = () => [{ rel: 'stylesheet', href: authoringStyles }]

interface ProblemView {
  where: string
  line: number
  column: number
  message: string
  /** The message's language: the author's when the problem has a key, English otherwise. */
  lang: string
  editor: string | null
}

async function courseArgs(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const courseId = args.params.course!
  await requireCourseEditor(args.context.db, user, courseId)
  return { user, courseId }
}

// A course's authoring home: its outline with minutes and academic hours, the
// draft's changes and problems, bilingual parity, publishing, and (for
// admins) who may author it.
export async function loader(args: LoaderFunctionArgs) {
  const { user, courseId } = await courseArgs(args)
  const { db } = args.context
  const locale = resolveLocale(args.request, args.context)
  const copy = await loadWorkingCopy(db, courseId)
  const outline = outlineOf(copy)
  const [check, parity, version, editors] = await Promise.all([
    copy.draftCount ? checkWorkingCopy(db, copy) : Promise.resolve(null),
    parityOf(db, copy),
    copy.versionId
      ? db.selectFrom('course_versions').leftJoin('users', 'users.id', 'course_versions.published_by').select(['course_versions.published_at', 'course_versions.change_note', 'users.full_name']).where('course_versions.id', '=', copy.versionId).executeTakeFirst()
      : null,
    db.selectFrom('course_editors').innerJoin('users', 'users.id', 'course_editors.user_id').select(['users.id', 'users.full_name', 'users.email']).where('course_editors.course_id', '=', courseId).orderBy('users.full_name').execute(),
  ])
  const prefix = `${copy.kind}/${courseId}/`
  const problems: ProblemView[] = (check?.problems ?? []).map((p) => {
    const rel = p.file.startsWith(prefix) ? p.file.slice(prefix.length) : p.file
    const lesson = /^[a-z]{2}\/\d{2}-([a-z0-9-]+)\/\d{2}-([a-z0-9-]+)\.mdx$/.exec(rel)
    return {
      where: rel, line: p.line, column: p.column,
      message: p.key ? translateMessage(locale, p.key, localizedNumbers(p.params, locale)) : p.message, lang: p.key ? locale : 'en',
      editor: lesson ? `/author/${courseId}/lessons/${lesson[1]}/${lesson[2]}` : rel === 'course.yml' ? `/author/${courseId}/settings` : null,
    }
  })
  const changed = [...copy.files.values()].filter((f) => f.inDraft).map((f) => ({ path: f.path, changedAt: f.changedAt, conflict: f.conflict }))
  return {
    messages: staffMessagesFor(locale),
    courseId,
    title: pickLocalized(outline.title, locale) || courseId,
    outline,
    hours: hoursSummary(outline.modules, outline.approvedHours, outline.activities),
    draft: { count: copy.draftCount, changed, removed: copy.removed },
    problems,
    parity,
    version: version ? { publishedAt: version.published_at, note: version.change_note, by: version.full_name } : null,
    isAdmin: hasRole(user, 'admin'),
    editors,
    maxNote: MAX_NOTE,
  }
}

export async function action(args: ActionFunctionArgs) {
  const { user, courseId } = await courseArgs(args)
  const { db } = args.context
  const form = await args.request.formData()
  const intent = String(form.get('intent') ?? '')
  const text = (name: string) => String(form.get(name) ?? '').trim()
  switch (intent) {
    case 'add-lesson': {
      const titles: Partial<Record<ContentLang, string>> = { kk: text('title_kk'), ru: text('title_ru'), en: text('title_en') }
      const result = await addLesson(db, { courseId, userId: user.id, moduleId: text('moduleId'), lessonId: text('lessonId'), titles, minutes: Number(text('minutes')) })
      if (!result.ok) return data({ intent, error: result.error }, { status: 400 })
      return redirect(`/author/${courseId}/lessons/${text('moduleId')}/${text('lessonId')}`)
    }
    case 'publish': {
      const result = await publishDraft(db, { courseId, userId: user.id, note: text('note'), confirmParity: form.get('confirmParity') === 'yes', ip: args.context.clientIp })
      if (!result.ok) {
        const factChanges = result.error === 'authoring.publish.error.facts' ? result.factChanges : []
        return data({ intent, error: result.error, parityAsked: result.error === 'authoring.publish.error.parity', factChanges }, { status: 400 })
      }
      return redirect(`/author/${courseId}?published=${result.versionId}`)
    }
    case 'discard': {
      invariantResponse(form.get('confirm') === 'yes', 'error.authoring.confirmNeeded', { status: 400 })
      const n = await discardDraft(db, courseId)
      await writeAudit(db, { actorUserId: user.id, action: 'course.draft_discard', targetType: 'course', targetId: courseId, details: { files: n }, ip: args.context.clientIp })
      return redirect(`/author/${courseId}?discarded=1`)
    }
    case 'add-editor': {
      invariantResponse(hasRole(user, 'admin'), 'error.forbidden.text', { status: 403 })
      const target = await db.selectFrom('users').innerJoin('user_roles', 'user_roles.user_id', 'users.id').select('users.id').where('users.email', '=', text('email').toLowerCase()).where('user_roles.role', '=', 'trainer').executeTakeFirst()
      if (!target) return data({ intent, error: 'authoring.editors.notTrainer' }, { status: 400 })
      await addCourseEditor(db, courseId, target.id, user.id)
      await writeAudit(db, { actorUserId: user.id, action: 'course.editor_add', targetType: 'course', targetId: courseId, details: { userId: target.id }, ip: args.context.clientIp })
      return redirect(`/author/${courseId}#editors`)
    }
    case 'remove-editor': {
      invariantResponse(hasRole(user, 'admin'), 'error.forbidden.text', { status: 403 })
      await db.deleteFrom('course_editors').where('course_id', '=', courseId).where('user_id', '=', text('userId')).execute()
      await writeAudit(db, { actorUserId: user.id, action: 'course.editor_remove', targetType: 'course', targetId: courseId, details: { userId: text('userId') }, ip: args.context.clientIp })
      return redirect(`/author/${courseId}#editors`)
    }
    default:
      throw data({ message: 'error.badRequest.text' }, { status: 400 })
  }
}

function ParityList({ parity }: { parity: ParityIssue[] }) {
  const t = useT()
  const f = useFormat()
  const { courseId } = useLoaderData<typeof loader>()
  const langs = (l: string[]) => l.map((x) => t(`authoring.lang.${x as 'kk'}`)).join(', ')
  return (
    <ul className="parity-list">
      {parity.map((p) => (
        <li key={p.lessonKey}>
          <Link to={`/author/${courseId}/lessons/${p.moduleId}/${p.lessonId}`}>{p.lessonKey}</Link>:{' '}
          {p.kind === 'missing'
            ? t('authoring.parity.missing', { langs: langs(p.missing) })
            : t('authoring.parity.stale', { newer: langs(p.newer), older: langs(p.older), newerAt: f.dateTime(p.newerAt), olderAt: f.dateTime(p.olderAt) })}
        </li>
      ))}
    </ul>
  )
}

export default withStaffMessages(AuthorCourse)

function AuthorCourse() {
  const d = useLoaderData<typeof loader>()
  const result = useActionData<typeof action>()
  const [params] = useSearchParams()
  const navigation = useNavigation()
  const t = useT()
  const translate = useTranslateKey()
  const f = useFormat()
  const locale = useLocale()
  const busy = navigation.state !== 'idle'
  const errorFor = (intent: string) => (result && result.intent === intent ? result.error : null)
  return (
    <section className="page authoring" aria-labelledby="course-title">
      <p className="breadcrumbs"><Link to="/author">{t('authoring.title')}</Link></p>
      <h1 id="course-title">{d.title}</h1>
      {params.get('published') ? <p className="notice notice--success" role="status">{t('authoring.publish.done')}</p> : null}
      {params.get('discarded') ? <p className="notice" role="status">{t('authoring.discard.done')}</p> : null}
      <p className="authoring__meta">
        {d.version ? t('authoring.version.current', { date: f.dateTime(d.version.publishedAt), by: d.version.by ?? t('authoring.version.fromFiles') }) : t('authoring.version.none')}
        {d.version?.note ? <> — «{d.version.note}»</> : null}
      </p>
      <nav aria-label={t('authoring.sections')} className="authoring__links">
        <Link to={`/author/${d.courseId}/settings`}>{t('authoring.settings.link')}</Link>
        <Link to={`/author/${d.courseId}/media`}>{t('authoring.media.link')}</Link>
        <Link to={`/author/${d.courseId}/history`}>{t('authoring.history.link')}</Link>
      </nav>

      <section aria-labelledby="outline-title" className="authoring__block">
        <h2 id="outline-title">{t('authoring.outline')}</h2>
        <p className={d.hours.difference === 0 ? 'hours-total' : 'hours-total hours-total--off'}>
          {t('authoring.hours.summary', {
            minutes: f.number(d.hours.minutes), lessons: f.number(d.hours.lessonHours, 1), activities: f.number(d.hours.activityHours, 1),
            hours: f.number(d.hours.hours, 1), approved: f.number(d.hours.approvedHours),
          })}{' '}
          {d.hours.difference < 0
            ? t('authoring.hours.short', { hours: f.number(-d.hours.difference, 1) })
            : d.hours.difference > 0
              ? t('authoring.hours.over', { hours: f.number(d.hours.difference, 1) })
              : t('authoring.hours.match')}
        </p>
        <p className="field-description">{t('authoring.hours.rule')}</p>
        {d.outline.modules.map((m, mi) => (
          <div key={m.id} className="outline-module">
            <h3>
              {mi + 1}. {pickLocalized(m.title, locale) || m.id}{' '}
              <span className="outline-module__hours">{t('authoring.hours.module', { minutes: f.number(d.hours.modules[mi]?.minutes ?? 0), hours: f.number(d.hours.modules[mi]?.hours ?? 0, 1) })}</span>
            </h3>
            {m.lessons.length ? (
              <ol className="outline-lessons">
                {m.lessons.map((l) => (
                  <li key={l.id}>
                    <Link to={`/author/${d.courseId}/lessons/${m.id}/${l.id}`}>{pickLocalized(l.titles, locale) || l.id}</Link>{' '}
                    <span className="outline-lessons__meta">
                      {t('authoring.minutes', { minutes: f.number(l.minutes) })}
                      {l.inDraft ? <> · <strong>{t('authoring.lesson.changed')}</strong></> : null}
                      {l.conflict ? <> · <strong className="text-danger">{t('authoring.lesson.conflict')}</strong></> : null}
                    </span>
                  </li>
                ))}
              </ol>
            ) : (
              <p>{t('authoring.module.empty')}</p>
            )}
          </div>
        ))}
        <h3>{t('authoring.plan.activities')}</h3>
        {d.outline.activities.length ? (
          <ul className="outline-lessons">
            {d.outline.activities.map((a) => (
              <li key={a.id}>
                {pickLocalized(a.title, locale) || a.id}{' '}
                <span className="outline-lessons__meta">
                  {ACTIVITY_KINDS.includes(a.kind as ActivityKind) ? t(`cohort.activity.kind.${a.kind as ActivityKind}`) : a.kind} · {t('cohort.activities.hours', { hours: f.number(a.hours, 1) })}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('authoring.plan.noActivities')}</p>
        )}
      </section>

      <section aria-labelledby="add-lesson-title" className="authoring__block">
        <h2 id="add-lesson-title">{t('authoring.lesson.add')}</h2>
        <Form method="post" className="stack">
          <input type="hidden" name="intent" value="add-lesson" />
          {errorFor('add-lesson') ? <p className="field-errors" role="alert">{translate(errorFor('add-lesson')!)}</p> : null}
          <div className="field">
            <label htmlFor="new-module">{t('authoring.lesson.module')}</label>
            <select id="new-module" name="moduleId" required>
              {d.outline.modules.map((m) => (
                <option key={m.id} value={m.id}>{pickLocalized(m.title, locale) || m.id}</option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="new-lesson-id">{t('authoring.lesson.id')}</label>
            <p id="new-lesson-id-hint" className="field-description">{t('authoring.lesson.idHint')}</p>
            <input id="new-lesson-id" name="lessonId" required pattern="[a-z0-9]+(-[a-z0-9]+)*" maxLength={60} aria-describedby="new-lesson-id-hint" autoCapitalize="none" spellCheck={false} />
          </div>
          {d.outline.languages.map((lang) => (
            <div className="field" key={lang}>
              <label htmlFor={`new-title-${lang}`}>{t('authoring.lesson.titleIn', { lang: t(`authoring.lang.${lang}`) })}</label>
              <input id={`new-title-${lang}`} name={`title_${lang}`} required maxLength={200} lang={lang} />
            </div>
          ))}
          <div className="field">
            <label htmlFor="new-minutes">{t('authoring.lesson.minutes')}</label>
            <input id="new-minutes" name="minutes" type="number" inputMode="numeric" min={1} max={600} required defaultValue={30} />
          </div>
          <div>
            <button type="submit" className="button button--secondary" disabled={busy}>{t('authoring.lesson.addButton')}</button>
          </div>
        </Form>
      </section>

      <section aria-labelledby="draft-title" className="authoring__block">
        <h2 id="draft-title">{t('authoring.draft')}</h2>
        {d.draft.count ? (
          <>
            <p>{t('authoring.draft.changes', { count: d.draft.count })}</p>
            <ul className="draft-files">
              {d.draft.changed.map((c) => (
                <li key={c.path}>
                  <code>{c.path}</code> — {f.dateTime(c.changedAt)}
                  {c.conflict ? <> · <strong className="text-danger">{t('authoring.lesson.conflict')}</strong></> : null}
                </li>
              ))}
              {d.draft.removed.map((p) => (
                <li key={p}><code>{p}</code> — {t('authoring.draft.removed')}</li>
              ))}
            </ul>
            <p><Link to={`/author/${d.courseId}/history?to=draft`}>{t('authoring.draft.diff')}</Link></p>
          </>
        ) : (
          <p>{t('authoring.draft.none')}</p>
        )}
        {d.problems.length ? (
          <div className="problems" role="region" aria-labelledby="problems-title">
            <h3 id="problems-title">{t('authoring.problems.title')}</h3>
            <ul>
              {d.problems.map((p, i) => (
                <li key={i}>
                  {p.editor ? <Link to={p.editor}>{p.where}</Link> : <code>{p.where}</code>}{' '}
                  {t('authoring.problems.at', { line: p.line, column: p.column })} <span lang={p.lang}>{p.message}</span>
                </li>
              ))}
            </ul>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="parity-title" className="authoring__block">
        <h2 id="parity-title">{t('authoring.parity.title')}</h2>
        {d.parity.length ? <ParityList parity={d.parity} /> : <p>{t('authoring.parity.ok')}</p>}
      </section>

      {d.draft.count ? (
        <section aria-labelledby="publish-title" className="authoring__block">
          <h2 id="publish-title">{t('authoring.publish.title')}</h2>
          <p>{t('authoring.publish.explain')}</p>
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="publish" />
            {errorFor('publish') ? <p className="field-errors" role="alert">{translate(errorFor('publish')!)}</p> : null}
            {result && 'factChanges' in result && result.factChanges?.length ? <FactChanges changes={result.factChanges} /> : null}
            <div className="field">
              <label htmlFor="publish-note">{t('authoring.publish.note')}</label>
              <p id="publish-note-hint" className="field-description">{t('authoring.publish.noteHint')}</p>
              <textarea id="publish-note" name="note" required maxLength={d.maxNote} rows={3} aria-describedby="publish-note-hint" />
            </div>
            {d.parity.length ? (
              <div className="field field--check">
                <input id="confirm-parity" type="checkbox" name="confirmParity" value="yes" />
                <label htmlFor="confirm-parity">{t('authoring.publish.confirmParity', { count: d.parity.length })}</label>
              </div>
            ) : null}
            <div>
              <button type="submit" className="button" disabled={busy || d.problems.length > 0}>{t('authoring.publish.button')}</button>
            </div>
            {d.problems.length ? <p className="field-description">{t('authoring.publish.blocked')}</p> : null}
          </Form>
          <Form method="post" className="stack discard-form">
            <input type="hidden" name="intent" value="discard" />
            <div className="field field--check">
              <input id="confirm-discard" type="checkbox" name="confirm" value="yes" required />
              <label htmlFor="confirm-discard">{t('authoring.discard.confirm')}</label>
            </div>
            <div>
              <button type="submit" className="button button--quiet" disabled={busy}>{t('authoring.discard.button')}</button>
            </div>
          </Form>
        </section>
      ) : null}

      <section aria-labelledby="editors" className="authoring__block">
        <h2 id="editors">{t('authoring.editors.title')}</h2>
        {d.editors.length ? (
          <ul>
            {d.editors.map((e) => (
              <li key={e.id}>
                {e.full_name} ({e.email})
                {d.isAdmin ? (
                  <Form method="post" className="inline-form">
                    <input type="hidden" name="intent" value="remove-editor" />
                    <input type="hidden" name="userId" value={e.id} />
                    <button type="submit" className="button button--quiet" aria-label={t('authoring.editors.removeLabel', { name: e.full_name })}>{t('authoring.editors.remove')}</button>
                  </Form>
                ) : null}
              </li>
            ))}
          </ul>
        ) : (
          <p>{t('authoring.editors.none')}</p>
        )}
        {d.isAdmin ? (
          <Form method="post" className="stack">
            <input type="hidden" name="intent" value="add-editor" />
            {errorFor('add-editor') ? <p className="field-errors" role="alert">{translate(errorFor('add-editor')!)}</p> : null}
            <div className="field">
              <label htmlFor="editor-email">{t('authoring.editors.email')}</label>
              <input id="editor-email" name="email" type="email" required autoComplete="off" />
            </div>
            <div>
              <button type="submit" className="button button--secondary">{t('authoring.editors.add')}</button>
            </div>
          </Form>
        ) : null}
      </section>
    </section>
  )
}
