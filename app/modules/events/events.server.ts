import { sql } from 'kysely'
import { z } from 'zod'
import { inTransaction, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { WellbeingEventsTable } from '#db/schema.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { writeAudit } from '#app/modules/audit/audit.server.ts'
import { iinProblem } from '#app/modules/auth/iin.ts'
import { now, nowIso } from '#app/modules/clock/clock.server.ts'
import { refreshMetrics } from '#app/modules/metrics/rollups.server.ts'
import { MAX_IIN_LINES, parseIinList, type SupportMessage } from '#app/modules/support/activities.server.ts'

// Wellbeing events: the institute's seminars, trainings, conferences, webinars
// and campaigns on children's rights and wellbeing, and the teachers who took
// part. They feed the strategy indicator teachers_in_events (distinct teachers,
// counted on the day of their first event). The lists of IINs are read as for
// post-course support (parseIinList, readIinFile).

export const EVENT_KINDS = ['seminar', 'training', 'conference', 'webinar', 'campaign'] as const satisfies readonly WellbeingEventsTable['kind'][]
export type EventKind = (typeof EVENT_KINDS)[number]

const isEventKind = (value: string): value is EventKind => (EVENT_KINDS as readonly string[]).includes(value)

/** A message key with its values, translated where it is shown (the same shape as support's). */
export type EventMessage = SupportMessage

/**
 * Who records or reads events. `regions` is adminRegions(user): null for an
 * admin (every region, and national events), a regional admin's regions.
 */
export interface EventActor {
  userId: string
  regions: string[] | null
}

// ---- the form ----

const isIsoDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)

export const EventInputSchema = z.object({
  title: z.string({ required_error: 'validation.required' }).trim().min(1, 'validation.required').max(200, 'validation.tooLong'),
  kind: z.enum(EVENT_KINDS, { errorMap: () => ({ message: 'events.error.kind' }) }),
  heldOn: z.string({ required_error: 'validation.required' }).refine(isIsoDate, 'validation.date'),
  /** Empty for a national event. */
  regionCode: z.string().trim().max(16).optional(),
  notes: z.string().trim().max(4000, 'validation.tooLong').optional(),
  iins: z.string().max(200_000, 'validation.tooLong').optional(),
})

export type EventInput = z.input<typeof EventInputSchema>

export interface RecordEventInput {
  title: string
  /** One of EVENT_KINDS; anything else is refused. */
  kind: string
  heldOn: string
  /** Null or empty for a national event (admins only). */
  regionCode?: string | null
  notes?: string
  /** A pasted list of IINs. */
  iins?: string
  /** The text of an uploaded list (see readIinFile). */
  iinFile?: string
}

export type RecordEventResult =
  | { ok: true; value: { eventId: string; participants: number } }
  | { ok: false; fieldErrors: Record<string, EventMessage[]>; formErrors: EventMessage[] }

/** Whether the actor may record an event in a region (null: a national event, for admins only). */
export function canRecordIn(actor: EventActor, regionCode: string | null): boolean {
  if (actor.regions === null) return true
  return regionCode !== null && actor.regions.includes(regionCode)
}

// ---- recording ----

/**
 * Records an event with its participants in one transaction, with an audit
 * row and the teachers_in_events metric brought up to date, or nothing at
 * all: every problem (each bad or unknown IIN with its line) is returned.
 * Participants must be active teachers; a regional admin's, of their regions.
 * Repeated IINs count once.
 */
export async function recordEvent(db: Database, actor: EventActor, input: RecordEventInput, ip: string | null = null): Promise<RecordEventResult> {
  return inTransaction(db, async (trx) => {
    const fieldErrors: Record<string, EventMessage[]> = {}
    const formErrors: EventMessage[] = []
    const add = (field: string, message: EventMessage) => (fieldErrors[field] ??= []).push(message)

    const title = input.title.trim()
    if (!title) add('title', { key: 'validation.required' })
    else if (title.length > 200) add('title', { key: 'validation.tooLong' })
    const kind = isEventKind(input.kind) ? input.kind : null
    if (!kind) add('kind', { key: 'events.error.kind' })
    if (!isIsoDate(input.heldOn)) add('heldOn', { key: 'validation.date' })
    else if (input.heldOn > localIsoDate(now())) add('heldOn', { key: 'events.error.futureDate' })
    const notes = input.notes?.trim() || null
    if (notes && notes.length > 4000) add('notes', { key: 'validation.tooLong' })

    const regionCode = input.regionCode?.trim() || null
    if (regionCode === null && actor.regions !== null) add('regionCode', { key: 'events.error.regionRequired' })
    else if (!canRecordIn(actor, regionCode)) add('regionCode', { key: 'events.error.regionNotYours' })
    else if (regionCode && !(await trx.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst())) {
      add('regionCode', { key: 'events.error.noSuchRegion' })
    }

    const lists = (['iins', 'iinFile'] as const).flatMap((field) => {
      const text = input[field]
      return text?.trim() ? [{ field, rows: parseIinList(text) }] : []
    })
    const valid = new Set<string>()
    for (const list of lists) {
      if (list.rows.length > MAX_IIN_LINES) add(list.field, { key: 'support.iin.tooMany', params: { max: MAX_IIN_LINES } })
      else for (const row of list.rows) if (!iinProblem(row.value)) valid.add(row.value)
    }
    const people = valid.size ? await holders(trx, [...valid]) : new Map<string, Holder>()
    const participants = new Set<string>()
    for (const list of lists) {
      if (list.rows.length > MAX_IIN_LINES) continue
      for (const { line, value } of list.rows) {
        const problem = iinProblem(value)
        const person = people.get(value)
        const at = { line, value }
        if (problem) add(list.field, { key: `support.iin.${problem}`, params: at })
        else if (!person) add(list.field, { key: 'support.iin.unknown', params: at })
        else if (!person.teacher) add(list.field, { key: 'events.iin.notTeacher', params: at })
        else if (!person.active) add(list.field, { key: 'events.iin.inactive', params: at })
        else if (actor.regions !== null && !(person.regionCode && actor.regions.includes(person.regionCode))) add(list.field, { key: 'events.iin.otherRegion', params: at })
        else participants.add(person.id)
      }
    }
    if (participants.size === 0 && !fieldErrors.iins && !fieldErrors.iinFile) formErrors.push({ key: 'events.error.noParticipants' })

    if (Object.keys(fieldErrors).length || formErrors.length || !kind) return { ok: false, fieldErrors, formErrors }

    const eventId = newId()
    await trx
      .insertInto('wellbeing_events')
      .values({ id: eventId, title, kind, held_on: input.heldOn, region_code: regionCode, organiser_id: actor.userId, notes, created_at: nowIso() })
      .execute()
    const ids = [...participants]
    for (let i = 0; i < ids.length; i += 1_000) {
      await trx.insertInto('event_participants').values(ids.slice(i, i + 1_000).map((userId) => ({ event_id: eventId, user_id: userId }))).execute()
    }
    await refreshMetrics(trx, ['teachers_in_events'], ids)
    await writeAudit(trx, {
      actorUserId: actor.userId, action: 'event.record', targetType: 'wellbeing_event', targetId: eventId,
      details: { kind, heldOn: input.heldOn, regionCode, participants: ids.length }, ip,
    })
    return { ok: true, value: { eventId, participants: ids.length } }
  })
}

interface Holder {
  id: string
  active: boolean
  teacher: boolean
  regionCode: string | null
}

/** The accounts holding the given IINs, by IIN. */
async function holders(db: Database, iins: string[]): Promise<Map<string, Holder>> {
  const out = new Map<string, Holder>()
  for (let i = 0; i < iins.length; i += 500) {
    const rows = await db
      .selectFrom('users')
      .select((eb) => [
        'users.id', 'users.iin', 'users.is_active', 'users.region_code',
        eb.exists(eb.selectFrom('user_roles').select('user_roles.id').whereRef('user_roles.user_id', '=', 'users.id').where('user_roles.role', '=', 'teacher')).as('teacher'),
      ])
      .where('users.iin', 'in', iins.slice(i, i + 500))
      .execute()
    for (const r of rows) if (r.iin) out.set(r.iin, { id: r.id, active: r.is_active === 1, teacher: Boolean(r.teacher), regionCode: r.region_code })
  }
  return out
}

// ---- reading ----

/** The events an actor may see: an admin all; a regional admin those of their regions. */
function visibleEvents(db: Database, actor: EventActor) {
  const q = db.selectFrom('wellbeing_events')
  return actor.regions === null ? q : q.where('wellbeing_events.region_code', 'in', actor.regions.length ? actor.regions : [''])
}

export interface EventFilter {
  year?: number
  kind?: EventKind
  page?: number
  pageSize?: number
}

/** Events newest first, with their participant counts, a page at a time. */
export async function listEvents(db: Database, actor: EventActor, filter: EventFilter = {}) {
  const pageSize = filter.pageSize ?? 50
  const page = Math.max(1, filter.page ?? 1)
  let q = visibleEvents(db, actor)
    .leftJoin('regions', 'regions.code', 'wellbeing_events.region_code')
    .select([
      'wellbeing_events.id', 'wellbeing_events.kind', 'wellbeing_events.title', 'wellbeing_events.held_on', 'wellbeing_events.region_code',
      'regions.name_kk as region_kk', 'regions.name_ru as region_ru', 'regions.name_en as region_en',
      (eb) => eb.selectFrom('event_participants').select((p) => p.fn.countAll<number>().as('n')).whereRef('event_participants.event_id', '=', 'wellbeing_events.id').as('participants'),
    ])
  if (filter.kind) q = q.where('wellbeing_events.kind', '=', filter.kind)
  if (filter.year) q = q.where('wellbeing_events.held_on', '>=', `${filter.year}-01-01`).where('wellbeing_events.held_on', '<=', `${filter.year}-12-31`)
  const rows = await q
    .orderBy('wellbeing_events.held_on', 'desc')
    .orderBy('wellbeing_events.created_at', 'desc')
    .orderBy('wellbeing_events.id')
    .limit(pageSize + 1)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows: rows.slice(0, pageSize).map((r) => ({ ...r, participants: Number(r.participants ?? 0) })), page, hasMore: rows.length > pageSize }
}

/** The years the actor's events were held in, newest first. */
export async function eventYears(db: Database, actor: EventActor): Promise<number[]> {
  const rows = await visibleEvents(db, actor).select(sql<string>`substr(wellbeing_events.held_on, 1, 4)`.as('year')).distinct().execute()
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a)
}

const byName = new Intl.Collator('kk')

/** An IIN with all but its last four digits hidden. */
export function maskIin(iin: string): string {
  return '•'.repeat(Math.max(0, iin.length - 4)) + iin.slice(-4)
}

/** One event with its participants (IINs masked), or null when it does not exist or the actor may not see it. */
export async function getEvent(db: Database, actor: EventActor, eventId: string) {
  const event = await visibleEvents(db, actor)
    .leftJoin('regions', 'regions.code', 'wellbeing_events.region_code')
    .innerJoin('users as organiser', 'organiser.id', 'wellbeing_events.organiser_id')
    .selectAll('wellbeing_events')
    .select(['organiser.full_name as organiser_name', 'regions.name_kk as region_kk', 'regions.name_ru as region_ru', 'regions.name_en as region_en'])
    .where('wellbeing_events.id', '=', eventId)
    .executeTakeFirst()
  if (!event) return null
  const rows = await db
    .selectFrom('event_participants')
    .innerJoin('users', 'users.id', 'event_participants.user_id')
    .leftJoin('schools', 'schools.id', 'users.school_id')
    .select(['users.id', 'users.full_name', 'users.iin', 'schools.name_kk as school_kk', 'schools.name_ru as school_ru', 'schools.name_en as school_en'])
    .where('event_participants.event_id', '=', eventId)
    .execute()
  const participants = rows
    .map(({ iin, ...p }) => ({ ...p, iin: iin ? maskIin(iin) : null }))
    .sort((a, b) => byName.compare(a.full_name, b.full_name))
  return { event, participants }
}
