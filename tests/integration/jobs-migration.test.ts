import { Migrator, type Migration } from 'kysely'
import { expect, test } from 'vitest'
import { migrateToLatest } from '#db/migrate.server.ts'
import { migrations } from '#db/migrations/index.ts'
import { createTestDb } from '#tests/setup/test-db.ts'

// Migration 0015 moves the rows of import_jobs into jobs as they are: a
// finished job's last sign of life is its finish, a running one's its start.

const db = createTestDb()

test('import_jobs rows move into jobs, running and finished alike, and back on the way down', async () => {
  await new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> } }).migrateTo('0014-checkin-parent-key')
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the table of the schema before this migration
  const old = db as any
  const base = { file_name: 'a.csv', total: 3, processed: 3, params: '{"cohortId":"c"}', created_by: null, created_at: '2026-10-01T05:00:00.000Z' }
  await old
    .insertInto('import_jobs')
    .values([
      { ...base, id: 'done-job', kind: 'enrolments', status: 'done', result: '{"kind":"counts"}', finished_at: '2026-10-01T05:01:00.000Z' },
      { ...base, id: 'running-job', kind: 'certificate-zip', status: 'running', result: null, finished_at: null },
    ])
    .execute()

  // This migration first; the later ones after it.
  expect((await migrateToLatest(db))[0]).toBe('0015-jobs')
  const rows = await db.selectFrom('jobs').selectAll().orderBy('id').execute()
  expect(rows).toEqual([
    {
      ...base,
      id: 'done-job',
      kind: 'enrolments',
      status: 'done',
      result: '{"kind":"counts"}',
      finished_at: '2026-10-01T05:01:00.000Z',
      started_at: base.created_at,
      heartbeat_at: '2026-10-01T05:01:00.000Z',
      runner: null,
      // Later migrations add the phase (0017) and the cursor (0022): none for a job from before them.
      phase: null,
      cursor: null,
    },
    {
      ...base,
      id: 'running-job',
      kind: 'certificate-zip',
      status: 'running',
      result: null,
      finished_at: null,
      started_at: base.created_at,
      heartbeat_at: base.created_at,
      runner: null,
      phase: null,
      cursor: null,
    },
  ])

  await new Migrator({ db, provider: { getMigrations: async () => migrations as Record<string, Migration> } }).migrateTo('0014-checkin-parent-key')
  expect(await old.selectFrom('import_jobs').select(['id', 'status', 'finished_at']).orderBy('id').execute()).toEqual([
    { id: 'done-job', status: 'done', finished_at: '2026-10-01T05:01:00.000Z' },
    { id: 'running-job', status: 'running', finished_at: null },
  ])
  // This migration first; the later ones after it.
  expect((await migrateToLatest(db))[0]).toBe('0015-jobs')
})
