import type { Kysely } from 'kysely'

// Certificates and attendance statements, their gapless yearly numbering, and
// the institute's signing key. Portable as 0001.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('certificate_counters')
    .addColumn('year', 'integer', (c) => c.primaryKey())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('certificates')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('enrolment_id', 'text', (c) => c.notNull().unique().references('enrolments.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('course_id', 'text', (c) => c.notNull().references('courses.id'))
    .addColumn('cohort_id', 'text', (c) => c.notNull().references('cohorts.id'))
    .addColumn('region_code', 'text')
    .addColumn('kind', 'text', (c) => c.notNull()) // certificate | attendance
    .addColumn('number', 'text', (c) => c.notNull().unique())
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('facts', 'text', (c) => c.notNull()) // JSON: everything printed on the document
    .addColumn('token', 'text', (c) => c.notNull()) // signed facts for offline checks
    .addColumn('qr_text', 'text', (c) => c.notNull()) // what the QR code says: the verification address and the token
    .addColumn('pdf_sha256', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('status', 'text', (c) => c.notNull()) // valid | revoked
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.references('users.id'))
    .addColumn('revoked_at', 'text')
    .addColumn('revoke_reason', 'text')
    .addUniqueConstraint('certificates_year_seq', ['year', 'seq'])
    .execute()
  await db.schema.createIndex('certificates_user').on('certificates').column('user_id').execute()
  await db.schema.createIndex('certificates_cohort').on('certificates').column('cohort_id').execute()
  await db.schema.createIndex('certificates_issued').on('certificates').columns(['year', 'course_id']).execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('certificates').execute()
  await db.schema.dropTable('certificate_counters').execute()
}
