import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData, useSearchParams } from '@remix-run/react'
import QRCode from 'qrcode'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { requireUser } from '#app/http/auth.server.ts'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { invariantResponse, notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { pickLocalized } from '#app/modules/content/manifest.ts'
import { canRunCentre } from '#app/modules/parents/centres.server.ts'
import { findSession, parentLessonChoices, sessionCheckins } from '#app/modules/parents/sessions.server.ts'
import centreStyles from '#app/styles/centre.css?url'

export const handle: PageHandle = { title: staffTitle('centre.session.title') }
export const links = () => [{ rel: 'stylesheet', href: centreStyles }]

// One session at a school's centre, for its coordinator: what was held, the
// check-in code in large letters with its QR code for parents to scan (the
// public /c/<code> page), and who has checked in so far against the head count.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireUser(args)
  const { work } = args.context
  const { sessionId } = parseParams(args.params, { sessionId: Id })
  const session = await findSession(work, sessionId)
  if (!session) notFound()
  invariantResponse(await canRunCentre(work, user, session.school_id), 'error.forbidden.text', { status: 403 })

  const series = (await parentLessonChoices(work)).find((s) => s.courseId === session.course_id)
  const lesson = series?.lessons.find((l) => l.key === `${session.module_id}/${session.lesson_id}`)
  const checkins = await sessionCheckins(work, session.id)
  const checkinUrl = absoluteUrl(`/c/${session.code}`)
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context)),
    session,
    lessonTitle: lesson?.title ?? { kk: `${session.module_id}/${session.lesson_id}` },
    seriesTitle: series?.title ?? { kk: session.course_id },
    checkins,
    checkinUrl,
    qrSvg: await QRCode.toString(checkinUrl, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' }),
    expired: session.code_expires_at <= nowIso(),
  }
}

export default withStaffMessages(CentreSessionPage)

function CentreSessionPage() {
  const { session, lessonTitle, seriesTitle, checkins, checkinUrl, qrSvg, expired } = useLoaderData<typeof loader>()
  const [searchParams] = useSearchParams()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  const ratio = session.head_count ? checkins.length / session.head_count : 0
  return (
    <section className="page centre" aria-labelledby="session-title">
      <p>
        <Link to={`/centre?school=${encodeURIComponent(session.school_id)}`}>{t('centre.session.back')}</Link>
      </p>
      <h1 id="session-title">{t('centre.session.title')}</h1>
      {searchParams.get('recorded') ? (
        <p className="notice notice--success" role="status">
          {t(session.duplicate_of ? 'centre.session.recordedRepeat' : 'centre.session.recorded')}
        </p>
      ) : null}
      <dl className="details">
        <dt>{t('centre.pick.school')}</dt>
        <dd>{localName(session, locale)}</dd>
        <dt>{t('centre.col.lesson')}</dt>
        <dd>
          {pickLocalized(lessonTitle, locale)} <span className="muted">({pickLocalized(seriesTitle, locale)})</span>
        </dd>
        <dt>{t('centre.col.date')}</dt>
        <dd>{f.date(session.held_on)}</dd>
        <dt>{t('centre.col.facilitator')}</dt>
        <dd>{session.facilitator}</dd>
        <dt>{t('centre.col.headCount')}</dt>
        <dd>
          {f.number(session.head_count)}
          {session.duplicate_of ? <span className="tag centre-flag__tag">{t('centre.flagged')}</span> : null}
        </dd>
        {session.notes ? (
          <>
            <dt>{t('centre.session.notes')}</dt>
            <dd className="centre-notes">{session.notes}</dd>
          </>
        ) : null}
      </dl>

      <div className="centre-layout">
        <section className="step centre-checkin" aria-labelledby="checkin-code-title">
          <h2 id="checkin-code-title" className="step__title">
            {t('centre.session.code')}
          </h2>
          <p className="centre-code">{session.code}</p>
          <p>{t('centre.session.codeHelp')}</p>
          <p className="centre-link">
            <a href={checkinUrl}>{checkinUrl}</a>
          </p>
          <div className="centre-qr" role="img" aria-label={t('centre.session.qr', { url: checkinUrl })} dangerouslySetInnerHTML={{ __html: qrSvg }} />
          <p className={expired ? 'form-errors' : 'muted'}>
            {t(expired ? 'centre.session.expired' : 'centre.session.expires', { time: f.dateTime(session.code_expires_at) })}
          </p>
        </section>

        <section aria-labelledby="checkins-title">
          <h2 id="checkins-title">{t('centre.session.checkins')}</h2>
          <p>
            {t('centre.session.checkinsSummary', { count: f.number(checkins.length), headCount: f.number(session.head_count), percent: f.percent(ratio, 0) })}
          </p>
          {checkins.length ? (
            <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="checkins-title">
              <table>
                <thead>
                  <tr>
                    <th scope="col">{t('centre.checkin.name')}</th>
                    <th scope="col">{t('centre.checkin.phone')}</th>
                    <th scope="col">{t('centre.checkin.at')}</th>
                  </tr>
                </thead>
                <tbody>
                  {checkins.map((c) => (
                    <tr key={c.id}>
                      <td>{c.name ?? (c.phone ? '' : t('centre.session.anonymous'))}</td>
                      <td>{c.phone ?? ''}</td>
                      <td>{f.dateTime(c.created_at)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          ) : (
            <p>{t('centre.session.noCheckins')}</p>
          )}
        </section>
      </div>
    </section>
  )
}
