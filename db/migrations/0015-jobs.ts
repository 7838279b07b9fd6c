import type { Kysely } from 'kysely'

// One table for every background job (ADR 013): the enrolment and parent
// session imports and the certificate archives kept their state in
// import_jobs, each process deciding from its own memory whether a job was
// still running. Now the row says it: the process running a job (`runner`,
// hostname:pid) refreshes `heartbeat_at` while it works, and any process reads
// a running job whose heartbeat has gone stale as interrupted. The rows move
// across as they are; a finished job's last sign of life is its finish.

const COLUMNS = ['id', 'kind', 'status', 'file_name', 'total', 'processed', 'result', 'params', 'created_by', 'created_at', 'finished_at'] as const

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // running | done | failed
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text') // JSON, read back through the kind's schema
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text')
    .addColumn('heartbeat_at', 'text', (c) => c.notNull())
    .addColumn('runner', 'text')
    .addColumn('finished_at', 'text')
    .execute()
  await db.schema.createIndex('jobs_running').on('jobs').columns(['status', 'heartbeat_at']).execute()
  await db
    .insertInto('jobs')
    .columns([...COLUMNS, 'started_at', 'heartbeat_at'])
    .expression(
      db
        .selectFrom('import_jobs')
        .select([...COLUMNS, 'created_at as started_at'])
        .select((eb) => eb.fn.coalesce('finished_at', 'created_at').as('heartbeat_at')),
    )
    .execute()
  await db.schema.dropTable('import_jobs').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('import_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('total', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('processed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('result', 'text')
    .addColumn('params', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_by', 'text', (c) => c.references('users.id'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute()
  await db
    .insertInto('import_jobs')
    .columns([...COLUMNS])
    .expression(db.selectFrom('jobs').select([...COLUMNS]))
    .execute()
  await db.schema.dropTable('jobs').execute()
}
