import type { Work } from '#app/core/work.server.ts'

// The audit log as administrators read it. Entries are written by write()
// (app/core/work.server.ts) from each write's tx.audit(), in the write's own
// transaction.

export interface AuditQuery {
  action?: string
  targetId?: string
  page?: number
  pageSize?: number
}

/** One page of the log, newest first, with how many pages there are. */
export async function listAudit(work: Work, query: AuditQuery = {}) {
  const pageSize = query.pageSize ?? 50
  let q = work.db.selectFrom('audit_log').leftJoin('users as actor', 'actor.id', 'audit_log.actor_user_id')
  if (query.action) q = q.where('audit_log.action', '=', query.action)
  if (query.targetId) q = q.where('audit_log.target_id', '=', query.targetId)
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const pages = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, query.page ?? 1), pages)
  const rows = await q
    .select([
      'audit_log.id',
      'audit_log.action',
      'audit_log.target_type',
      'audit_log.target_id',
      'audit_log.details',
      'audit_log.ip',
      'audit_log.created_at',
      'actor.full_name as actor_name',
      'actor.email as actor_email',
    ])
    .orderBy('audit_log.created_at', 'desc')
    .orderBy('audit_log.id')
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .execute()
  return { rows, page, pages, total, first: (page - 1) * pageSize + 1 }
}
