import { sql } from 'kysely'
import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import type { WellbeingEventsTable } from '#db/schema.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { localIsoDate } from '#app/i18n/format.ts'
import { resolveIinLists, type ListMessage } from '#app/modules/auth/iin-list.server.ts'

// Wellbeing events: the institute's seminars, trainings, conferences, webinars
// and campaigns on children's rights and wellbeing, and the teachers who took
// part. They feed the strategy indicator teachers_in_events (distinct teachers,
// counted on the day of their first event). Participants come as lists of IINs,
// read as for post-course support (auth/iin-list.server.ts).

export const EVENT_KINDS = ['seminar', 'training', 'conference', 'webinar', 'campaign'] as const satisfies readonly WellbeingEventsTable['kind'][]
export type EventKind = (typeof EVENT_KINDS)[number]

const isEventKind = (value: string): value is EventKind => (EVENT_KINDS as readonly string[]).includes(value)

/** A message key with its values, translated where it is shown (the same shape as support's). */
export type EventMessage = ListMessage

/**
 * The regions the work's actor records and reads events in: adminRegions(user),
 * null for an admin (every region, and national events), a regional admin's regions.
 */
export type EventRegions = string[] | null

// ---- the form ----

const isIsoDate = (d: string) =>
  /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d)

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

export interface EventProblems {
  fieldErrors: Record<string, EventMessage[]>
  formErrors: EventMessage[]
}

/** Whether an actor of `regions` may record an event in a region (null: a national event, for admins only). */
export function canRecordIn(regions: EventRegions, regionCode: string | null): boolean {
  if (regions === null) return true
  return regionCode !== null && regions.includes(regionCode)
}

// ---- recording ----

/**
 * Records an event with its participants in one transaction, with an audit
 * row and the teachers_in_events metric brought up to date, or nothing at
 * all: every problem (each bad or unknown IIN with its line) is returned.
 * Participants must be active teachers; a regional admin's, of their regions.
 * Repeated IINs count once.
 */
export async function recordEvent(
  work: Work,
  regions: EventRegions,
  input: RecordEventInput,
): Promise<Result<{ eventId: string; participants: number }, EventProblems>> {
  const organiserId = work.actorId
  if (!organiserId) throw new Error('recordEvent needs a signed-in actor')
  return write(work, async (tx) => {
    const trx = tx.db
    const fieldErrors: Record<string, EventMessage[]> = {}
    const formErrors: EventMessage[] = []
    const add = (field: string, message: EventMessage) => (fieldErrors[field] ??= []).push(message)

    const title = input.title.trim()
    if (!title) add('title', { key: 'validation.required' })
    else if (title.length > 200) add('title', { key: 'validation.tooLong' })
    const kind = isEventKind(input.kind) ? input.kind : null
    if (!kind) add('kind', { key: 'events.error.kind' })
    if (!isIsoDate(input.heldOn)) add('heldOn', { key: 'validation.date' })
    else if (input.heldOn > localIsoDate(tx.work.now())) add('heldOn', { key: 'events.error.futureDate' })
    const notes = input.notes?.trim() || null
    if (notes && notes.length > 4000) add('notes', { key: 'validation.tooLong' })

    const regionCode = input.regionCode?.trim() || null
    if (regionCode === null && regions !== null) add('regionCode', { key: 'events.error.regionRequired' })
    else if (!canRecordIn(regions, regionCode)) add('regionCode', { key: 'events.error.regionNotYours' })
    else if (regionCode && !(await trx.selectFrom('regions').select('code').where('code', '=', regionCode).executeTakeFirst())) {
      add('regionCode', { key: 'events.error.noSuchRegion' })
    }

    const { lines, tooLong } = await resolveIinLists(trx, input)
    for (const { field, refusal } of tooLong) add(field, refusal)
    const participants = new Set<string>()
    for (const { field, line, value, holder, refusal } of lines) {
      const at = { line, value }
      if (refusal) add(field, refusal)
      else if (!holder.teacher) add(field, { key: 'events.iin.notTeacher', params: at })
      else if (!holder.active) add(field, { key: 'events.iin.inactive', params: at })
      else if (regions !== null && !(holder.regionCode && regions.includes(holder.regionCode))) add(field, { key: 'events.iin.otherRegion', params: at })
      else participants.add(holder.id)
    }
    if (participants.size === 0 && !fieldErrors.iins && !fieldErrors.iinFile) formErrors.push({ key: 'events.error.noParticipants' })

    if (Object.keys(fieldErrors).length || formErrors.length || !kind) return fail({ fieldErrors, formErrors })

    const eventId = newId()
    await trx
      .insertInto('wellbeing_events')
      .values({
        id: eventId,
        title,
        kind,
        held_on: input.heldOn,
        region_code: regionCode,
        organiser_id: organiserId,
        notes,
        created_at: tx.work.now().toISOString(),
      })
      .execute()
    const ids = [...participants]
    for (let i = 0; i < ids.length; i += 1_000) {
      await trx
        .insertInto('event_participants')
        .values(ids.slice(i, i + 1_000).map((userId) => ({ event_id: eventId, user_id: userId })))
        .execute()
    }
    tx.emit({ type: 'event.attendance_recorded', eventId, userIds: ids })
    tx.audit({
      action: 'event.record',
      targetType: 'wellbeing_event',
      targetId: eventId,
      details: { kind, heldOn: input.heldOn, regionCode, participants: ids.length },
    })
    return ok({ eventId, participants: ids.length })
  })
}

// ---- reading ----

/** The events an actor of `regions` may see: an admin all; a regional admin those of their regions. */
function visibleEvents(db: Database, regions: EventRegions) {
  const q = db.selectFrom('wellbeing_events')
  return regions === null ? q : q.where('wellbeing_events.region_code', 'in', regions.length ? regions : [''])
}

export interface EventFilter {
  year?: number
  kind?: EventKind
  page?: number
  pageSize?: number
}

/** Events newest first, with their participant counts, a page at a time. */
export async function listEvents(work: Work, regions: EventRegions, filter: EventFilter = {}) {
  const pageSize = filter.pageSize ?? 50
  let q = visibleEvents(work.db, regions)
  if (filter.kind) q = q.where('wellbeing_events.kind', '=', filter.kind)
  if (filter.year) q = q.where('wellbeing_events.held_on', '>=', `${filter.year}-01-01`).where('wellbeing_events.held_on', '<=', `${filter.year}-12-31`)
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, filter.page ?? 1), pages)
  const rows = await q
    .leftJoin('regions', 'regions.code', 'wellbeing_events.region_code')
    .select([
      'wellbeing_events.id',
      'wellbeing_events.kind',
      'wellbeing_events.title',
      'wellbeing_events.held_on',
      'wellbeing_events.region_code',
      'regions.name_kk as region_kk',
      'regions.name_ru as region_ru',
      'regions.name_en as region_en',
      (eb) =>
        eb
          .selectFrom('event_participants')
          .select((p) => p.fn.countAll<number>().as('n'))
          .whereRef('event_participants.event_id', '=', 'wellbeing_events.id')
          .as('participants'),
    ])
    .orderBy('wellbeing_events.held_on', 'desc')
    .orderBy('wellbeing_events.created_at', 'desc')
    .orderBy('wellbeing_events.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows: rows.map((r) => ({ ...r, participants: Number(r.participants ?? 0) })), page, pages, total, first: (page - 1) * pageSize + 1 }
}

/** The years the actor's events were held in, newest first. */
export async function eventYears(work: Work, regions: EventRegions): Promise<number[]> {
  const rows = await visibleEvents(work.db, regions)
    .select(sql<string>`substr(wellbeing_events.held_on, 1, 4)`.as('year'))
    .distinct()
    .execute()
  return rows.map((r) => Number(r.year)).sort((a, b) => b - a)
}

const byName = new Intl.Collator('kk')

/** An IIN with all but its last four digits hidden. */
export function maskIin(iin: string): string {
  return '•'.repeat(Math.max(0, iin.length - 4)) + iin.slice(-4)
}

/** One event with its participants (IINs masked), or null when it does not exist or the actor may not see it. */
export async function getEvent(work: Work, regions: EventRegions, eventId: string) {
  const { db } = work
  const event = await visibleEvents(db, regions)
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
  const participants = rows.map(({ iin, ...p }) => ({ ...p, iin: iin ? maskIin(iin) : null })).sort((a, b) => byName.compare(a.full_name, b.full_name))
  return { event, participants }
}
