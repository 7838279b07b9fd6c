// The unit of work's promises (ADR 022): one transaction per write, however
// many module writes compose it; the audit rows, the rollups a domain event
// moves, and the after-commit tasks happen exactly when the write commits, and
// never when it rolls back.
import { describe, expect, test } from 'vitest'
import { actingAs, write, type Work } from '#app/core/work.server.ts'
import type { Database } from '#db/client.server.ts'
import { createUser } from '#tests/fixtures/users.ts'
import { createTestDb } from '#tests/setup/test-db.ts'
import { testWork } from '#tests/setup/work.ts'

const db = createTestDb()

async function auditRows(action: string) {
  return db.selectFrom('audit_log').select(['actor_user_id', 'ip', 'target_id', 'details']).where('action', '=', action).execute()
}

async function counted(subjectId: string, on: Database = db): Promise<boolean> {
  const row = await on
    .selectFrom('metric_subjects')
    .select('subject_id')
    .where('metric', '=', 'registered_site_users')
    .where('subject_id', '=', subjectId)
    .executeTakeFirst()
  return Boolean(row)
}

/** A user row the metric does not know of yet, as a write past the unit would leave it. */
async function uncountedUser(): Promise<string> {
  const user = await createUser(db)
  await db.deleteFrom('metric_subjects').where('subject_id', '=', user.id).execute()
  return user.id
}

describe('write', () => {
  test('writes audit entries with the work’s actor and address, or the actor the entry names', async () => {
    const actor = await createUser(db)
    const work = testWork(db, { actorId: actor.id, clientIp: '10.1.2.3' })
    await write(work, async (tx) => {
      tx.audit({ action: 'test.uow.audit', targetType: 'user', targetId: 'a', details: { n: 1 } })
      tx.audit({ action: 'test.uow.audit', targetType: 'user', targetId: 'b', actorId: null })
    })
    const rows = await auditRows('test.uow.audit')
    expect(rows.map((r) => [r.target_id, r.actor_user_id, r.ip])).toEqual(
      expect.arrayContaining([
        ['a', actor.id, '10.1.2.3'],
        ['b', null, '10.1.2.3'],
      ]),
    )
    expect(JSON.parse(rows.find((r) => r.target_id === 'a')!.details)).toEqual({ n: 1 })
  })

  test('an emitted event refreshes the metric before the commit', async () => {
    const userId = await uncountedUser()
    expect(await counted(userId)).toBe(false)
    await write(testWork(db), async (tx) => tx.emit({ type: 'user.registered', userIds: [userId] }))
    expect(await counted(userId)).toBe(true)
  })

  test('a write that fails leaves no audit row, no rollup change, no task run, and none of its statements', async () => {
    const userId = await uncountedUser()
    const tasks: string[] = []
    await expect(
      write(testWork(db), async (tx) => {
        await tx.db.updateTable('users').set({ full_name: 'Өзгертілген' }).where('id', '=', userId).execute()
        tx.audit({ action: 'test.uow.rollback', targetType: 'user', targetId: userId })
        tx.emit({ type: 'user.registered', userIds: [userId] })
        tx.afterCommit(() => tasks.push('ran'))
        throw new Error('refused')
      }),
    ).rejects.toThrow('refused')
    expect(await auditRows('test.uow.rollback')).toEqual([])
    expect(await counted(userId)).toBe(false)
    expect(tasks).toEqual([])
    const user = await db.selectFrom('users').select('full_name').where('id', '=', userId).executeTakeFirstOrThrow()
    expect(user.full_name).not.toBe('Өзгертілген')
  })

  test('writes composed with tx.work share one transaction: an inner failure undoes the outer statements', async () => {
    const userId = await uncountedUser()
    const inner = (work: Work) =>
      write(work, async (tx) => {
        tx.audit({ action: 'test.uow.inner', targetType: 'user', targetId: userId })
        throw new Error('inner refused')
      })
    const outer = testWork(db)
    await expect(
      write(outer, async (tx) => {
        await tx.db.updateTable('users').set({ full_name: 'Сыртқы' }).where('id', '=', userId).execute()
        await inner(tx.work)
      }),
    ).rejects.toThrow('inner refused')
    const user = await db.selectFrom('users').select('full_name').where('id', '=', userId).executeTakeFirstOrThrow()
    expect(user.full_name).not.toBe('Сыртқы')
    expect(await auditRows('test.uow.inner')).toEqual([])
  })

  test('events of composed writes are handled once, by the outermost write, after every statement', async () => {
    const first = await uncountedUser()
    const second = await uncountedUser()
    const seen: boolean[] = []
    await write(testWork(db), async (tx) => {
      await write(tx.work, async (inner) => inner.emit({ type: 'user.registered', userIds: [first] }))
      // Not yet: the inner write joined the outer one, whose subscribers run at its end.
      seen.push(await counted(first, tx.db))
      tx.emit({ type: 'user.registered', userIds: [second] })
    })
    expect(seen).toEqual([false])
    expect([await counted(first), await counted(second)]).toEqual([true, true])
  })

  test('after-commit tasks run once the data is committed; a failing task is logged and the write stands', async () => {
    const userId = await uncountedUser()
    const work = testWork(db, { actorId: userId })
    const observed: (string | undefined)[] = []
    const result = await write(work, async (tx) => {
      await tx.db.updateTable('users').set({ full_name: 'Кейін' }).where('id', '=', userId).execute()
      tx.afterCommit(async () => {
        // Read through the pool, outside the transaction: only a committed change is visible.
        const row = await db.selectFrom('users').select('full_name').where('id', '=', userId).executeTakeFirst()
        observed.push(row?.full_name)
      })
      tx.afterCommit(() => {
        throw new Error('task failed')
      })
      return 'done'
    })
    expect(result).toBe('done')
    expect(observed).toEqual(['Кейін'])
    expect(work.log.lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual(['a task after a commit failed'])
  })

  test('a transaction opened elsewhere is refused, so that no task can start before its commit', async () => {
    await expect(db.transaction().execute((trx) => write(testWork(trx), async () => 'never'))).rejects.toThrow(/tx\.work/)
  })

  test('actingAs keeps the database and settings and changes who acts', async () => {
    const work = testWork(db, { actorId: 'a' })
    const other = actingAs(work, 'b', null)
    expect([other.actorId, other.clientIp, other.db === work.db, other.config === work.config]).toEqual(['b', null, true, true])
  })
})
