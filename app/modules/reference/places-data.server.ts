import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import { districts } from '#db/reference/districts.ts'
import type { PlaceData } from './places.ts'

// The data places.ts matches against, read from the database; and the
// districts reference kept in step with db/reference at every start.

export async function loadPlaceData(work: Work): Promise<PlaceData> {
  const { db } = work
  const [regions, districts, schools] = await Promise.all([
    db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).orderBy('sort').execute(),
    db.selectFrom('districts').select(['id', 'region_code', 'kind', 'name_kk', 'name_ru', 'name_en']).orderBy('sort').orderBy('id').execute(),
    db.selectFrom('schools').select(['id', 'bin', 'region_code', 'district_id', 'name_kk', 'name_ru', 'closed_at']).orderBy('id').execute(),
  ])
  return {
    regions,
    districts: districts.map(({ kind, ...d }) => ({ ...d, kind: kind === 'city' ? 'city' : 'district' })),
    schools: schools.map((s) => ({ ...s, closed: s.closed_at !== null })),
  }
}

// Seven values a row: 100 rows stay far below SQLite's and PostgreSQL's limits
// on bound values in one statement.
const CHUNK_ROWS = 100

/**
 * Inserts or refreshes the districts of db/reference/districts.ts. Idempotent;
 * runs at every start. A district the reference no longer lists is kept, not
 * deleted: schools (and what refers to them) may still point to it, and start-up
 * must not fail on a foreign key. Its row keeps its last names and still
 * matches them; the school registry's next import moves its schools on. Each
 * chunk is idempotent alone, so a start stopped midway completes at the next.
 */
export async function syncDistricts(db: Database): Promise<void> {
  const rows = districts.map((d, sort) => ({
    id: d.id,
    region_code: d.regionCode,
    kind: d.kind,
    name_kk: d.name.kk,
    name_ru: d.name.ru,
    name_en: d.name.en,
    sort,
  }))
  for (let at = 0; at < rows.length; at += CHUNK_ROWS) {
    await db
      .insertInto('districts')
      .values(rows.slice(at, at + CHUNK_ROWS))
      .onConflict((oc) =>
        oc.column('id').doUpdateSet((eb) => ({
          region_code: eb.ref('excluded.region_code'),
          kind: eb.ref('excluded.kind'),
          name_kk: eb.ref('excluded.name_kk'),
          name_ru: eb.ref('excluded.name_ru'),
          name_en: eb.ref('excluded.name_en'),
          sort: eb.ref('excluded.sort'),
        })),
      )
      .execute()
  }
}
