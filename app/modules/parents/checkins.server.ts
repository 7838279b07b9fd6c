import { z } from 'zod'
import type { Database } from '#db/client.server.ts'
import { isUniqueViolation } from '#db/errors.server.ts'
import { newId } from '#db/ids.server.ts'
import { lockRow } from '#db/locks.server.ts'
import { fail, ok, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { parentKey } from './parent-key.ts'
import { normalizeCode } from './sessions.server.ts'

// A parent checks in to a session by its short code or QR link, with no
// account needed: a name or phone may be given and never must. Check-ins are a
// verified part of the head count, so there are never more of them than it.
// A parent counts once per session: the same account, the same phone however
// typed, or without a phone the same name (parent-key.ts); the database
// refuses a second one too (a unique index), so simultaneous posts cannot
// count twice.

export const CheckinInputSchema = z.object({
  name: z
    .string()
    .trim()
    .max(120, 'parents.checkin.error.name')
    .optional()
    .transform((v) => v || null),
  phone: z
    .string()
    .trim()
    .max(30, 'parents.checkin.error.phone')
    .regex(/^[+\d\s()-]*$/, 'parents.checkin.error.phone')
    .optional()
    .transform((v) => v || null),
})

export type CheckinError =
  | 'parents.checkin.error.unknown'
  | 'parents.checkin.error.expired'
  | 'parents.checkin.error.full'
  | 'parents.checkin.error.already'
  | 'parents.checkin.error.alreadyName'

/** The session a check-in code opens, with its school's names; null for a code that opens none. */
export function sessionByCode(work: Work, rawCode: string) {
  return sessionByCodeOn(work.db, rawCode)
}

async function sessionByCodeOn(db: Database, rawCode: string) {
  const code = normalizeCode(rawCode)
  if (!code) return null
  return db
    .selectFrom('parent_sessions as s')
    .innerJoin('schools', 'schools.id', 's.school_id')
    .select([
      's.id',
      's.code',
      's.code_expires_at',
      's.head_count',
      's.held_on',
      's.course_id',
      's.module_id',
      's.lesson_id',
      'schools.name_kk',
      'schools.name_ru',
      'schools.name_en',
    ])
    .where('s.code', '=', code)
    .executeTakeFirst()
}

export type CheckinSession = NonNullable<Awaited<ReturnType<typeof sessionByCode>>>

/** Whether the signed-in `userId` has checked in to the session, and how many have. */
export async function checkinState(work: Work, sessionId: string, userId: string | null): Promise<{ mine: boolean; count: number }> {
  const mine = userId
    ? await work.db.selectFrom('parent_checkins').select('id').where('session_id', '=', sessionId).where('user_id', '=', userId).executeTakeFirst()
    : undefined
  const { n } = await work.db
    .selectFrom('parent_checkins')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('session_id', '=', sessionId)
    .executeTakeFirstOrThrow()
  return { mine: Boolean(mine), count: Number(n) }
}

/** Checks a parent in: as `work`'s actor when signed in, else by the name and phone given (either may be missing). */
export async function checkIn(
  work: Work,
  input: { code: string; name: string | null; phone: string | null },
): Promise<Result<{ sessionId: string; checkinId: string }, CheckinError>> {
  const userId = work.actorId
  const key = parentKey(input)
  const already: CheckinError = key?.startsWith('name:') ? 'parents.checkin.error.alreadyName' : 'parents.checkin.error.already'
  try {
    return await write(work, async (tx): Promise<Result<{ sessionId: string; checkinId: string }, CheckinError>> => {
      const trx = tx.db
      const session = await sessionByCodeOn(trx, input.code)
      if (!session) return fail('parents.checkin.error.unknown')
      if (session.code_expires_at <= nowIso()) return fail('parents.checkin.error.expired')
      // The session's head count holds on PostgreSQL too: check-ins are counted once it is locked (ADR 035).
      await lockRow(trx, 'parent_sessions', session.id)
      if (userId || key) {
        const same = await trx
          .selectFrom('parent_checkins')
          .select('user_id')
          .where('session_id', '=', session.id)
          .where((eb) => eb.or([eb('user_id', '=', userId ?? ''), eb('parent_key', '=', key ?? '')]))
          .executeTakeFirst()
        if (same) return fail(userId && same.user_id === userId ? 'parents.checkin.error.already' : already)
      }
      const { n } = await trx
        .selectFrom('parent_checkins')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('session_id', '=', session.id)
        .executeTakeFirstOrThrow()
      if (Number(n) >= session.head_count) return fail('parents.checkin.error.full')
      const id = newId()
      await trx
        .insertInto('parent_checkins')
        .values({ id, session_id: session.id, user_id: userId, name: input.name, phone: input.phone, parent_key: key, created_at: nowIso() })
        .execute()
      return ok({ sessionId: session.id, checkinId: id })
    })
  } catch (error) {
    // Another process checked the same parent in between our read and insert.
    if (isUniqueViolation(error)) return fail(already)
    throw error
  }
}
