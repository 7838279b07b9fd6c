import type { SupportKind } from '#app/modules/support/activity-form.ts'
import { CHECKLIST_ANSWERS, CHECKLIST_ITEMS } from '#app/modules/support/activity-form.ts'
import { inBatches, insertRows, refresh, type SimContext } from './batches.server.ts'
import { isoDay, stampAt } from './calendar.ts'
import type { EnrolmentState } from './learning.server.ts'
import type { Random } from './random.ts'
import type { Lang, SimCohort, SimEnrolment } from './world.ts'

// Post-course support, held by each cohort's trainer in the weeks after it
// ends: a webinar for most of those who completed, mentoring groups for the
// rest, a few consultations and lesson observations (with the observation
// checklist). It reaches the teachers marked `supported` in their first
// completed course, and some of them again after a second one.

interface Activity {
  id: string
  kind: SupportKind
  title: string
  heldOn: number
  cohort: SimCohort
  participants: SimEnrolment[]
  checklist: string | null
}

const KIND_TITLES: Record<SupportKind, Record<Lang, string>> = {
  mentoring: { kk: 'Тәлімгерлік кездесу', ru: 'Наставническая встреча' },
  webinar: { kk: 'Курстан кейінгі вебинар', ru: 'Посткурсовой вебинар' },
  consultation: { kk: 'Жеке кеңес', ru: 'Индивидуальная консультация' },
  observation: { kk: 'Сабақты бақылау', ru: 'Наблюдение урока' },
}
const TOPICS: Record<Lang, string[]> = {
  kk: ['сынып ережелері', 'буллинг куәгерлерімен жұмыс', 'ата-аналармен әңгіме', 'күйзелістің ерте белгілері', 'қауіпсіз хабарлау арналары', 'қолдаушы әңгіме'],
  ru: [
    'правила класса',
    'работа со свидетелями травли',
    'разговор с родителями',
    'ранние признаки неблагополучия',
    'безопасные каналы сообщения',
    'поддерживающий разговор',
  ],
}

function checklist(rng: Random): string {
  const items = CHECKLIST_ITEMS.map((id) => ({ id, answer: rng.chance(0.7) ? CHECKLIST_ANSWERS[0] : rng.pick(CHECKLIST_ANSWERS), comment: null }))
  return JSON.stringify({ items })
}

function planCohort(ctx: SimContext, rng: Random, cohort: SimCohort, reached: SimEnrolment[]): Activity[] {
  if (!reached.length) return []
  // Within seven weeks of the course's end.
  const room = Math.max(1, Math.min(50, ctx.lastDay - cohort.endDay))
  const day = () => Math.min(ctx.lastDay, cohort.endDay + rng.int(Math.min(7, room), room))
  const activity = (kind: SupportKind, participants: SimEnrolment[]): Activity => ({
    id: rng.id(),
    kind,
    title: `${KIND_TITLES[kind][cohort.lang]}: ${rng.pick(TOPICS[cohort.lang])}`,
    heldOn: day(),
    cohort,
    participants,
    checklist: kind === 'observation' ? checklist(rng) : null,
  })
  const people = rng.shuffle([...reached])
  // A handful is mentored together; a cohort's worth gets a webinar, mentoring groups, consultations and observations.
  if (people.length < 6) return [activity('mentoring', people)]
  const activities: Activity[] = []
  const inWebinar = rng.chance(0.8) ? Math.round(people.length * (0.55 + 0.3 * rng.next())) : 0
  if (inWebinar) activities.push(activity('webinar', people.slice(0, inWebinar)))
  let i = inWebinar
  while (i < people.length) {
    const size = rng.int(4, 12)
    activities.push(activity('mentoring', people.slice(i, i + size)))
    i += size
  }
  for (let n = rng.int(0, 2); n > 0; n--) activities.push(activity('consultation', rng.sample(people, rng.int(1, 3))))
  for (let n = rng.int(0, 2); n > 0; n--) activities.push(activity('observation', rng.sample(people, 1)))
  return activities
}

export async function writeSupport(ctx: SimContext, rng: Random, written: { enrolment: SimEnrolment; state: EnrolmentState }[]): Promise<void> {
  const byCohort = new Map<SimCohort, SimEnrolment[]>()
  for (const { enrolment: e, state } of written) {
    if (state.status !== 'completed' || !e.user.supported || !(e.first || rng.chance(0.5))) continue
    const list = byCohort.get(e.cohort!)
    if (list) list.push(e)
    else byCohort.set(e.cohort!, [e])
  }
  const activities = [...byCohort.entries()]
    .sort(([a], [b]) => a.endDay - b.endDay)
    .flatMap(([cohort, reached]) => planCohort(ctx, rng, cohort, reached))
    .filter((a) => a.heldOn <= ctx.untilDay && a.participants.every((p) => p.finishedAt! <= stampAt(a.heldOn, 0)))
    .sort((a, b) => a.heldOn - b.heldOn)
  await inBatches(ctx, 'support', activities, 400, async (trx, batch) => {
    await insertRows(
      trx,
      'support_activities',
      batch.map((a) => ({
        id: a.id,
        kind: a.kind,
        title: a.title,
        held_on: isoDay(a.heldOn),
        trainer_id: a.cohort.trainerId,
        cohort_id: a.cohort.id,
        region_code: a.cohort.regionCode,
        notes: null,
        checklist: a.checklist,
        created_at: stampAt(a.heldOn, rng.int(17 * 60, 21 * 60)),
      })),
    )
    const pairs = batch.flatMap((a) => a.participants.map((p) => ({ activity_id: a.id, user_id: p.user.id, enrolment: p.id })))
    await insertRows(
      trx,
      'support_participants',
      pairs.map(({ activity_id, user_id }) => ({ activity_id, user_id })),
    )
    await refresh(
      ctx,
      trx,
      ['teachers_post_course_support'],
      pairs.map((p) => p.user_id),
    )
    await refresh(
      ctx,
      trx,
      ['funnel_supported'],
      pairs.map((p) => p.enrolment),
    )
  })
}
