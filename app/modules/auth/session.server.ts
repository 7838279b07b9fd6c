import { sha256 } from '@oslojs/crypto/sha2'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import type { Database } from '#db/client.server.ts'
import { prepared } from '#db/prepared.server.ts'
import { write, writeStatement, type Work } from '#app/core/work.server.ts'
import type { Locale, Role } from '#db/schema.ts'
import { DAY, addMs, now } from '#app/modules/clock/clock.server.ts'

// Sessions as in Lucia's guide: a random token lives only in the browser's
// cookie; the database keeps its SHA-256 as the session id. Validating a
// token (and loading its user) takes the database alone: it runs before the
// request's Work exists, since the Work is built for the user it finds.

export const SESSION_TTL_MS = 30 * DAY

export interface RoleGrant {
  role: Role
  regionCode: string | null
  schoolId: string | null
}

export interface AuthUser {
  id: string
  email: string
  iin: string | null
  fullName: string
  locale: Locale
  regionCode: string | null
  schoolId: string | null
  roles: RoleGrant[]
}

export interface Session {
  id: string
  userId: string
  expiresAt: Date
}

export interface SessionValidation {
  session: Session
  user: AuthUser
  /** True when the expiry slid forward: the cookie must be sent again. */
  refreshed: boolean
}

export function generateSessionToken(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))
}

export function sessionIdFromToken(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

export async function createSession(work: Work, token: string, userId: string): Promise<Session> {
  const created = work.now()
  const session = { id: sessionIdFromToken(token), userId, expiresAt: addMs(created, SESSION_TTL_MS) }
  const insert = (db: Database) =>
    db
      .insertInto('sessions')
      .values({ id: session.id, user_id: userId, expires_at: session.expiresAt.toISOString(), created_at: created.toISOString() })
      .execute()
  // One insert that checks nothing needs no transaction of its own: on
  // PostgreSQL it is one round trip where BEGIN and COMMIT made it three.
  // SQLite's writes keep their turns (ADR 033).
  await writeStatement(work, insert)
  return session
}

export async function loadAuthUser(db: Database, userId: string): Promise<AuthUser | null> {
  const user = await db
    .selectFrom('users')
    .select(['id', 'email', 'iin', 'full_name', 'locale', 'region_code', 'school_id', 'is_active'])
    .where('id', '=', userId)
    .executeTakeFirst()
  if (!user || user.is_active !== 1) return null
  const roles = await db.selectFrom('user_roles').select(['role', 'region_code', 'school_id']).where('user_id', '=', userId).execute()
  return {
    id: user.id,
    email: user.email,
    iin: user.iin,
    fullName: user.full_name,
    locale: user.locale,
    regionCode: user.region_code,
    schoolId: user.school_id,
    roles: roles.map((r) => ({ role: r.role, regionCode: r.region_code, schoolId: r.school_id })),
  }
}

// Every request with a cookie asks this: the session, its user and the
// user's roles in one read (a row per role; one row with no role for none).
const sessionRead = prepared((db, id: string) =>
  db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .leftJoin('user_roles', 'user_roles.user_id', 'sessions.user_id')
    .select([
      'sessions.user_id',
      'sessions.expires_at',
      'users.email',
      'users.iin',
      'users.full_name',
      'users.locale',
      'users.region_code',
      'users.school_id',
      'users.is_active',
      'user_roles.role',
      'user_roles.region_code as role_region_code',
      'user_roles.school_id as role_school_id',
    ])
    .where('sessions.id', '=', id),
)

/**
 * Finds the session for a token. An expired session is deleted; one with less
 * than half its life left slides forward 30 days. Sessions of deactivated
 * accounts are not valid.
 */
export async function validateSessionToken(db: Database, token: string): Promise<SessionValidation | null> {
  const id = sessionIdFromToken(token)
  const rows = await sessionRead.all(db, id)
  const row = rows[0]
  if (!row) return null
  const current = now()
  let expiresAt = new Date(row.expires_at)
  if (current.getTime() >= expiresAt.getTime()) {
    await db.deleteFrom('sessions').where('id', '=', id).execute()
    return null
  }
  if (row.is_active !== 1) return null
  const user: AuthUser = {
    id: row.user_id,
    email: row.email,
    iin: row.iin,
    fullName: row.full_name,
    locale: row.locale,
    regionCode: row.region_code,
    schoolId: row.school_id,
    roles: rows.flatMap((r) => (r.role === null ? [] : [{ role: r.role, regionCode: r.role_region_code, schoolId: r.role_school_id }])),
  }
  let refreshed = false
  if (current.getTime() >= expiresAt.getTime() - SESSION_TTL_MS / 2) {
    expiresAt = addMs(current, SESSION_TTL_MS)
    await db.updateTable('sessions').set({ expires_at: expiresAt.toISOString() }).where('id', '=', id).execute()
    refreshed = true
  }
  return { session: { id, userId: row.user_id, expiresAt }, user, refreshed }
}

export async function invalidateSession(work: Work, sessionId: string): Promise<void> {
  await write(work, async (tx) => {
    await tx.db.deleteFrom('sessions').where('id', '=', sessionId).execute()
  })
}

/** Ends every session of a user, except `keepSessionId` when given. */
export async function invalidateUserSessions(work: Work, userId: string, keepSessionId?: string): Promise<void> {
  await write(work, async (tx) => {
    let query = tx.db.deleteFrom('sessions').where('user_id', '=', userId)
    if (keepSessionId) query = query.where('id', '!=', keepSessionId)
    await query.execute()
  })
}

/**
 * Deletes every expired session. A session is otherwise deleted only when its
 * cookie is presented after expiry, so those of browsers that never come back
 * would stay forever; the periodic clean-up (security/housekeeping.server.ts) runs this.
 */
export async function deleteExpiredSessions(db: Database): Promise<number> {
  const result = await db.deleteFrom('sessions').where('expires_at', '<=', now().toISOString()).executeTakeFirst()
  return Number(result.numDeletedRows)
}
