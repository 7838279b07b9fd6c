import type { LoaderFunctionArgs } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { localName } from '#app/i18n/local-name.ts'
import type { PageHandle } from '#app/components/page-title.tsx'
import { adminRegions, requireRole } from '#app/http/auth.server.ts'
import { notFound } from '#app/http/errors.ts'
import { Id } from '#app/http/params.ts'
import { parseParams } from '#app/http/submission.server.ts'
import { useFormat, useLocale, useT } from '#app/i18n/i18n.tsx'
import { getActivity } from '#app/modules/support/reading.server.ts'

export const handle: PageHandle = {
  title: (data) => (data as { activity?: { title: string } } | undefined)?.activity?.title,
}

// One activity with its participants. An activity the reader may not see is
// answered like one that does not exist.
export async function loader(args: LoaderFunctionArgs) {
  const user = requireRole(args, 'trainer', 'admin', 'regional_admin')
  const { activityId } = parseParams(args.params, { activityId: Id })
  const found = await getActivity(args.context.work, adminRegions(user), activityId)
  if (!found) notFound()
  const { activity, checklist, participants } = found
  return {
    recorded: new URL(args.request.url).searchParams.has('recorded'),
    activity: {
      id: activity.id,
      kind: activity.kind,
      title: activity.title,
      heldOn: activity.held_on,
      notes: activity.notes,
      createdAt: activity.created_at,
      trainerName: activity.trainer_name,
      cohortId: activity.cohort_id,
      cohortTitle: activity.cohort_title,
      region: activity.region_kk ? { name_kk: activity.region_kk, name_ru: activity.region_ru ?? '', name_en: activity.region_en ?? '' } : null,
    },
    checklist,
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
      <span className="visually-hidden">{t('cohort.roster.none')}</span>
    </>
  )
}

export default function SupportActivityPage() {
  const { recorded, activity, checklist, participants } = useLoaderData<typeof loader>()
  const t = useT()
  const f = useFormat()
  const locale = useLocale()
  return (
    <section className="page" aria-labelledby="activity-title">
      {recorded ? (
        <p role="status" className="notice notice--success">
          {t('support.detail.recorded')}
        </p>
      ) : null}
      <p className="eyebrow">{t(`support.kind.${activity.kind}`)}</p>
      <h1 id="activity-title">{activity.title}</h1>

      <dl className="details">
        <dt>{t('support.field.heldOn')}</dt>
        <dd>{f.date(activity.heldOn)}</dd>
        <dt>{t('support.field.trainer')}</dt>
        <dd>{activity.trainerName}</dd>
        <dt>{t('support.field.cohort')}</dt>
        <dd>{activity.cohortTitle ?? t('support.field.noCohort')}</dd>
        <dt>{t('support.field.region')}</dt>
        <dd>{activity.region ? localName(activity.region, locale) : <Missing />}</dd>
        <dt>{t('support.field.notes')}</dt>
        <dd className="mail-body">{activity.notes ?? t('support.detail.noNotes')}</dd>
        <dt>{t('support.field.recordedAt')}</dt>
        <dd>{f.dateTime(activity.createdAt)}</dd>
      </dl>

      {checklist ? (
        <>
          <h2 id="checklist-title">{t('support.checklist.title')}</h2>
          <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="checklist-title">
            <table>
              <thead>
                <tr>
                  <th scope="col">{t('support.checklist.item')}</th>
                  <th scope="col">{t('support.checklist.answer')}</th>
                  <th scope="col">{t('support.checklist.comment')}</th>
                </tr>
              </thead>
              <tbody>
                {checklist.map((item) => (
                  <tr key={item.id}>
                    <th scope="row">{t(`support.checklist.item.${item.id}`)}</th>
                    <td>{item.answer ? t(`support.checklist.answer.${item.answer}`) : <Missing />}</td>
                    <td>{item.comment ?? <Missing />}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}

      <h2 id="participants-title">{t('support.detail.participants', { count: f.number(participants.length) })}</h2>
      <div className="table-wrap" tabIndex={0} role="region" aria-labelledby="participants-title">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('support.field.fullName')}</th>
              <th scope="col">{t('support.field.iin')}</th>
              <th scope="col">{t('support.field.school')}</th>
            </tr>
          </thead>
          <tbody>
            {participants.map((p) => (
              <tr key={p.id}>
                <th scope="row">{p.fullName}</th>
                <td>{p.iin ?? <Missing />}</td>
                <td>{p.school ? localName(p.school, locale) : <Missing />}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>

      <p>
        <Link to="/trainer/support">{t('support.detail.back')}</Link>
      </p>
    </section>
  )
}
