import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

export interface AuditEntry {
  actorUserId: string | null
  action: string
  targetType: string
  targetId?: string | null
  details?: Record<string, unknown>
  ip?: string | null
}

/** Writes one audit record; call it inside the transaction that makes the change. */
export async function writeAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      id: newId(),
      actor_user_id: entry.actorUserId,
      action: entry.action,
      target_type: entry.targetType,
      target_id: entry.targetId ?? null,
      details: JSON.stringify(entry.details ?? {}),
      ip: entry.ip ?? null,
      created_at: nowIso(),
    })
    .execute()
}

export interface AuditQuery {
  action?: string
  targetId?: string
  page?: number
  pageSize?: number
}

export async function listAudit(db: Database, query: AuditQuery = {}) {
  const pageSize = query.pageSize ?? 50
  const page = Math.max(1, query.page ?? 1)
  let q = db
    .selectFrom('audit_log')
    .leftJoin('users as actor', 'actor.id', 'audit_log.actor_user_id')
    .select([
      'audit_log.id', 'audit_log.action', 'audit_log.target_type', 'audit_log.target_id',
      'audit_log.details', 'audit_log.ip', 'audit_log.created_at', 'actor.full_name as actor_name', 'actor.email as actor_email',
    ])
  if (query.action) q = q.where('audit_log.action', '=', query.action)
  if (query.targetId) q = q.where('audit_log.target_id', '=', query.targetId)
  const rows = await q.orderBy('audit_log.created_at', 'desc').orderBy('audit_log.id').limit(pageSize + 1).offset((page - 1) * pageSize).execute()
  return { rows: rows.slice(0, pageSize), page, hasMore: rows.length > pageSize }
}
