import { EVENT_KINDS, type EventKind } from '#app/modules/events/events.server.ts'
import { inBatches, insertRows, refresh, type SimContext } from './batches.server.ts'
import { DayPicker, EVENT_SEASON, dayNumber, isoDay, seasonal, stampAt, workingMinute } from './calendar.ts'
import { WeightedPicker, type Random } from './random.ts'
import { finalTarget, yearlyIncrements } from './scale.ts'
import type { SimRegion } from './schools.server.ts'
import type { Lang, SimUser } from './world.ts'

// Wellbeing events (children's rights and wellbeing): regional seminars and
// trainings, conferences, national webinars and campaigns. Each year's events
// bring in new teachers until the year's share of the strategy's target is
// reached; about a quarter of each audience has been to an event before.
// A teacher takes part only in events held after registering.

interface KindProfile {
  weight: number
  /** Participants, at the national scale. */
  size: [number, number]
  /** The share held for the whole country (no region). */
  national: number
  title: Record<Lang, string>
}

const KINDS: Record<EventKind, KindProfile> = {
  seminar: { weight: 0.35, size: [25, 80], national: 0, title: { kk: 'Семинар', ru: 'Семинар' } },
  training: { weight: 0.2, size: [15, 35], national: 0, title: { kk: 'Тренинг', ru: 'Тренинг' } },
  conference: { weight: 0.1, size: [120, 400], national: 0.3, title: { kk: 'Конференция', ru: 'Конференция' } },
  webinar: { weight: 0.25, size: [150, 900], national: 0.6, title: { kk: 'Вебинар', ru: 'Вебинар' } },
  campaign: { weight: 0.1, size: [200, 1000], national: 0.5, title: { kk: 'Акция', ru: 'Акция' } },
}
const TOPICS: Record<Lang, string[]> = {
  kk: [
    'Бала құқықтарын қорғау',
    'Мектептегі психологиялық қауіпсіздік',
    'Буллингсіз мектеп',
    'Балалардың цифрлық әл-ауқаты',
    'Инклюзия және қолдау',
    'Жасөспірімдердің психикалық денсаулығы',
  ],
  ru: [
    'Защита прав ребёнка',
    'Психологическая безопасность в школе',
    'Школа без буллинга',
    'Цифровое благополучие детей',
    'Инклюзия и поддержка',
    'Психическое здоровье подростков',
  ],
}
const RETURNING = 0.25

interface SimEvent {
  id: string
  kind: EventKind
  title: string
  day: number
  regionCode: string | null
  organiserId: string
  participants: SimUser[]
}

/** Teachers by registration day, for drawing those registered by a given day. */
class Pool {
  readonly users: SimUser[]
  readonly days: number[]
  readonly returning: SimUser[] = []

  constructor(users: SimUser[]) {
    this.users = [...users].sort((a, b) => a.createdDay - b.createdDay)
    this.days = this.users.map((u) => u.createdDay)
  }

  /** How many registered by `day` (inclusive). */
  registeredBy(day: number): number {
    let lo = 0
    let hi = this.days.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      if (this.days[mid]! <= day) lo = mid + 1
      else hi = mid
    }
    return lo
  }
}

function planEvents(ctx: SimContext, rng: Random, regions: SimRegion[], teachers: SimUser[], trainers: SimUser[]): SimEvent[] {
  const total = Math.round((ctx.spec.teachers * finalTarget('teachers_in_events')) / finalTarget('teachers_trained'))
  const sizeScale = Math.min(1, Math.sqrt(ctx.spec.teachers / finalTarget('teachers_trained')))
  const national = new Pool(teachers)
  const regional = new Map(regions.map((r) => [r.code, new Pool(teachers.filter((t) => t.regionCode === r.code))]))
  const regionPicker = new WeightedPicker(regions, (r) => r.profile.population)
  const kindPicker = new WeightedPicker(EVENT_KINDS, (k) => KINDS[k].weight)
  const seen = new Set<SimUser>()
  const events: SimEvent[] = []
  for (const { year, value: quota } of yearlyIncrements('teachers_in_events', total)) {
    const days = new DayPicker(dayNumber(`${year}-01-01`), Math.min(ctx.lastDay, dayNumber(`${year}-12-31`)), seasonal(EVENT_SEASON))
    let added = 0
    for (let guard = 0; added < quota && guard < 100_000; guard++) {
      const kindId = kindPicker.pick(rng)
      const kind = KINDS[kindId]
      const region = rng.chance(kind.national) ? null : regionPicker.pick(rng)
      const pool = region ? regional.get(region.code)! : national
      const day = days.pick(rng)
      const size = Math.max(3, Math.round(rng.int(kind.size[0], kind.size[1]) * sizeScale))
      const wanted = Math.min(quota - added, Math.round(size * (1 - RETURNING)))
      const registered = pool.registeredBy(day)
      const people = new Set<SimUser>()
      for (let tries = 0; people.size < wanted && tries < wanted * 20 && registered; tries++) {
        const u = pool.users[rng.int(0, registered - 1)]!
        if (!seen.has(u)) people.add(u)
      }
      // Those who came before, and registered by then (a regional event draws from its region only).
      const before = pool.returning.filter((u) => u.createdDay <= day)
      for (const u of before.length ? rng.sample(before, Math.min(before.length, size - people.size)) : []) people.add(u)
      if (!people.size) continue
      for (const u of people) {
        if (seen.has(u)) continue
        seen.add(u)
        added++
        national.returning.push(u)
        regional.get(u.regionCode)?.returning.push(u)
      }
      const lang: Lang = rng.chance(region?.profile.kk ?? 0.6) ? 'kk' : 'ru'
      const organisers = region ? trainers.filter((t) => t.regionCode === region.code) : trainers
      events.push({
        id: rng.id(),
        kind: kindId,
        title: `${kind.title[lang]}: ${rng.pick(TOPICS[lang])}`,
        day,
        regionCode: region?.code ?? null,
        organiserId: rng.pick(organisers.length ? organisers : trainers).id,
        participants: [...people],
      })
    }
  }
  return events.sort((a, b) => a.day - b.day)
}

export async function writeEvents(ctx: SimContext, rng: Random, regions: SimRegion[], teachers: SimUser[], trainers: SimUser[]): Promise<void> {
  const events = planEvents(ctx, rng, regions, teachers, trainers).filter((e) => e.day <= ctx.untilDay)
  await inBatches(ctx, 'events', events, 25, async (trx, batch) => {
    await insertRows(
      trx,
      'wellbeing_events',
      batch.map((e) => ({
        id: e.id,
        title: e.title,
        kind: e.kind,
        held_on: isoDay(e.day),
        region_code: e.regionCode,
        organiser_id: e.organiserId,
        notes: null,
        // Announced weeks before; not before the organisers registered (in January 2025).
        created_at: stampAt(Math.max(Math.min(e.day, 21), e.day - rng.int(7, 40)), workingMinute(rng)),
      })),
    )
    const pairs = batch.flatMap((e) => e.participants.map((u) => ({ event_id: e.id, user_id: u.id })))
    await insertRows(trx, 'event_participants', pairs)
    await refresh(
      ctx,
      trx,
      ['teachers_in_events'],
      pairs.map((p) => p.user_id),
    )
  })
}
