import { sql, type Kysely } from 'kysely'

// PostgreSQL only: a write's summed changes to the metric rollups and the
// metrics' versions, as one row, folded into those shared rows at COMMIT by a
// deferred trigger, inside the server (ADR 035, amendment of 2026-12-07).
// The shared rows are then locked from the fold to the end of the commit, no
// round trip to a busy app process in between: a synchronized start of a test,
// hundreds of teachers moving one funnel row at once, no longer queues one
// client round trip per writer. Each table is folded in key order, as the one
// statement it replaces did, so two folds take the rows they share in the same
// order. The version upsert is the one of dashboard/versions.server.ts
// (versionBump), written here in SQL. SQLite, whose writers take turns, keeps
// writing the rollups inside the write (rollups.server.ts).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
const isPostgres = (db: Kysely<any>) => db.getExecutor().adapter.constructor.name.startsWith('Postgres')

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  await sql`create table metric_changes (id bigint generated always as identity primary key, changes jsonb not null)`.execute(db)
  await sql`
    create function fold_metric_changes() returns trigger language plpgsql as $$
    begin
      insert into metric_rollups (metric, day, region_code, course_id, value)
        select r.metric, r.day, r.region_code, r.course_id, r.value
        from jsonb_to_recordset(new.changes -> 'metric_rollups') as r(metric text, day text, region_code text, course_id text, value integer)
        order by r.metric, r.day, r.region_code, r.course_id
        on conflict (metric, day, region_code, course_id) do update set value = metric_rollups.value + excluded.value;
      insert into metric_monthly_rollups (metric, month, region_code, course_id, value)
        select r.metric, r.month, r.region_code, r.course_id, r.value
        from jsonb_to_recordset(new.changes -> 'metric_monthly_rollups') as r(metric text, month text, region_code text, course_id text, value integer)
        order by r.metric, r.month, r.region_code, r.course_id
        on conflict (metric, month, region_code, course_id) do update set value = metric_monthly_rollups.value + excluded.value;
      insert into metric_unit_rollups (metric, year, unit, unit_id, region_code, course_id, value)
        select r.metric, r.year, r.unit, r.unit_id, r.region_code, r.course_id, r.value
        from jsonb_to_recordset(new.changes -> 'metric_unit_rollups')
          as r(metric text, year integer, unit text, unit_id text, region_code text, course_id text, value integer)
        order by r.metric, r.year, r.unit, r.unit_id, r.region_code, r.course_id
        on conflict (metric, year, unit, unit_id, region_code, course_id) do update set value = metric_unit_rollups.value + excluded.value;
      insert into metric_versions (source, version)
        select s.source, 1 from jsonb_array_elements_text(new.changes -> 'metric_versions') as s(source) order by s.source
        on conflict (source) do update set version = metric_versions.version + 1;
      delete from metric_changes where id = new.id;
      return null;
    end $$
  `.execute(db)
  await sql`
    create constraint trigger metric_changes_fold after insert on metric_changes
    deferrable initially deferred for each row execute function fold_metric_changes()
  `.execute(db)
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (!isPostgres(db)) return
  await sql`drop table metric_changes`.execute(db)
  await sql`drop function fold_metric_changes()`.execute(db)
}
