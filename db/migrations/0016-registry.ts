import type { Kysely } from 'kysely'

// The national registry of education organisations (issue 19). Districts
// (аудан, and cities of regional significance) become a level between regions
// and schools. A school from the registry is known by its BIN (12 digits, the
// IIN's check-digit rule); the schools already here (the demo ones) keep their
// ids and have none. A school the registry no longer lists, or lists as closed,
// is closed (`closed_at`), never deleted: its teachers and their records stay.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('districts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('region_code', 'text', (c) => c.notNull().references('regions.code'))
    .addColumn('kind', 'text', (c) => c.notNull()) // district | city
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('sort', 'integer', (c) => c.notNull().defaultTo(0))
    .execute()
  await db.schema.createIndex('districts_region').on('districts').column('region_code').execute()

  await db.schema.alterTable('schools').addColumn('bin', 'text').execute()
  await db.schema
    .alterTable('schools')
    .addColumn('district_id', 'text', (c) => c.references('districts.id'))
    .execute()
  await db.schema.alterTable('schools').addColumn('settlement', 'text').execute()
  // general | gymnasium | lyceum | specialised | small | boarding | other (the registry's type, mapped)
  await db.schema.alterTable('schools').addColumn('kind', 'text').execute()
  // kk | ru | mixed | other: the language of instruction
  await db.schema.alterTable('schools').addColumn('language', 'text').execute()
  await db.schema.alterTable('schools').addColumn('closed_at', 'text').execute()
  await db.schema.alterTable('schools').addColumn('updated_at', 'text').execute()
  await db.schema.createIndex('schools_bin').on('schools').column('bin').unique().execute()
  await db.schema.createIndex('schools_district').on('schools').column('district_id').execute()

  // A registry import's checked changes, written here in short steps and then
  // applied to `schools` in one short transaction (ADR 026); emptied by it.
  await db.schema
    .createTable('registry_stage')
    .addColumn('job_id', 'text', (c) => c.notNull())
    .addColumn('school_id', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull()) // create | update | reopen | close
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('bin', 'text', (c) => c.notNull())
    .addColumn('region_code', 'text', (c) => c.notNull())
    .addColumn('district_id', 'text')
    .addColumn('district', 'text')
    .addColumn('settlement', 'text')
    .addColumn('name_kk', 'text', (c) => c.notNull())
    .addColumn('name_ru', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('kind', 'text')
    .addColumn('language', 'text')
    .addColumn('closed', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('registry_stage_pk', ['job_id', 'school_id'])
    .execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('registry_stage').execute()
  await db.schema.dropIndex('schools_district').execute()
  await db.schema.dropIndex('schools_bin').execute()
  for (const column of ['updated_at', 'closed_at', 'language', 'kind', 'settlement', 'district_id', 'bin']) {
    await db.schema.alterTable('schools').dropColumn(column).execute()
  }
  await db.schema.dropTable('districts').execute()
}
