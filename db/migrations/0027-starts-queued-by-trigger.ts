import { sql, type Kysely } from 'kysely'

// A start is queued for the funnel's next drain by the database itself (ADR
// 043): the update that sets an enrolment's started_at for the first time,
// whichever write path ran it, inserts its row into metric_pending in the
// same statement. A first lesson view is then one statement on PostgreSQL,
// one round trip, as its other writes are (ADR 035). The row is queued at the
// start's own time, which comes from the app's clock.
//
// Only updates: a bulk path that inserts enrolments already started (the
// national simulation) refreshes its metrics itself, as before.

const FUNCTION = 'queue_enrolment_started'
const TRIGGER = 'enrolments_started_pending'

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  if (isPostgres(db)) {
    await sql`create function ${sql.id(FUNCTION)}() returns trigger language plpgsql as $$
      begin
        insert into metric_pending (id, metric, subject_id, queued_at) values (gen_random_uuid()::text, 'funnel_started', new.id, new.started_at);
        return null;
      end $$`.execute(db)
    await sql`create trigger ${sql.id(TRIGGER)} after update of started_at on enrolments for each row
      when (old.started_at is null and new.started_at is not null) execute function ${sql.id(FUNCTION)}()`.execute(db)
  } else {
    await sql`create trigger ${sql.id(TRIGGER)} after update of started_at on enrolments
      when old.started_at is null and new.started_at is not null
      begin
        insert into metric_pending (id, metric, subject_id, queued_at) values (lower(hex(randomblob(16))), 'funnel_started', new.id, new.started_at);
      end`.execute(db)
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger ${sql.id(TRIGGER)}${isPostgres(db) ? sql` on enrolments` : sql``}`.execute(db)
  if (isPostgres(db)) await sql`drop function ${sql.id(FUNCTION)}()`.execute(db)
}
