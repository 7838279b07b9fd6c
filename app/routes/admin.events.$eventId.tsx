import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { staffTitle, withStaffMessages } from '#app/components/staff-page.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { staffMessagesFor } from '#app/i18n/catalog.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { getEvent } from '#app/modules/events/events.server.ts'

export const handle: PageHandle = {
  title: staffTitle('events.title', (data) => (data as { event?: { title: string } } | undefined)?.event?.title),
}

// One event with the teachers who took part, their IINs masked. An event the
// reader may not see (another region's) is answered like one that does not exist.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'admin', 'regional_admin')
  const { eventId } = parseParams(args.params, { eventId: Id })
  const found = await getEvent(args.context.work, adminRegions(user), eventId)
  if (!found) notFound()
  const { event, participants } = found
  return {
    messages: staffMessagesFor(resolveLocale(args.request, args.context), ['events.']),
    recorded: new URL(args.request.url).searchParams.has('recorded'),
    event: {
      id: event.id,
      kind: event.kind,
      title: event.title,
      heldOn: event.held_on,
      notes: event.notes,
      createdAt: event.created_at,
      organiserName: event.organiser_name,
      region: event.region_kk ? { name_kk: event.region_kk, name_ru: event.region_ru ?? '', name_en: event.region_en ?? '' } : null,
    },
    participants: participants.map((p) => ({
      id: p.id,
      fullName: p.full_name,
      iin: p.iin,
      school: p.school_kk ? { name_kk: p.school_kk, name_ru: p.school_ru ?? '', name_en: p.school_en ?? '' } : null,
    })),
  }
}

function Missing() {
  const t = useT()
  return (
    <>
      <span aria-hidden="true">—</span>
      <span className="visually-hidden">{t('events.none')}</span>
    </>
  )
}

/** A masked IIN: the dots are hidden from screen readers, which hear "ending in 1234". */
function MaskedIin({ iin }: { iin: string }) {
  const t = useT()
  return (
    <>
      <span aria-hidden="true">{iin.slice(0, -4)}</span>
      <span className="visually-hidden">{t('events.detail.iinEnding')} </span>
      {iin.slice(-4)}
    </>
  )
}

export default withStaffMessages(EventPage)

function EventPage() {
  const { recorded, event, participants } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section aria-labelledby="event-title" className="stack">
      {recorded ? (
        <p role="status" className="notice notice--success">
          {t('events.detail.recorded')}
        </p>
      ) : null}
      <p className="eyebrow">{t(`events.kind.${event.kind}`)}</p>
      <h1 id="event-title">{event.title}</h1>

      <dl className="details">
        <dt>{t('events.field.heldOn')}</dt>
        <dd>{f.date(event.heldOn)}</dd>
        <dt>{t('events.field.region')}</dt>
        <dd>{event.region ? localName(event.region, locale) : t('events.field.national')}</dd>
        <dt>{t('events.field.notes')}</dt>
        <dd className={event.notes ? 'mail-body' : undefined}>{event.notes ?? t('events.detail.noNotes')}</dd>
        <dt>{t('events.field.organiser')}</dt>
        <dd>{event.organiserName}</dd>
        <dt>{t('events.field.recordedAt')}</dt>
        <dd>{f.dateTime(event.createdAt)}</dd>
      </dl>

      <h2 id="participants-title">{t('events.detail.participants', { count: f.number(participants.length) })}</h2>
      <p className="field-description">{t('events.detail.iinMasked')}</p>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="participants-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('events.field.fullName')}</th>
              <th scope="col">{t('events.field.iin')}</th>
              <th scope="col">{t('events.field.school')}</th>
            </tr>
          </thead>
          <tbody>
            {participants.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.fullName}</th>
                <td>{p.iin ? <MaskedIin iin={p.iin} /> : <Missing />}</td>
                <td>{p.school ? localName(p.school, locale) : <Missing />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <p>
        <Link to="/admin/events">{t('events.detail.back')}</Link>
      </p>
    </section>
  )
}
