import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import type { PlaceData } from './places.ts'

// The data places.ts matches against, read from the database; and the
// districts reference kept in step with db/reference at every start.
//
// FOUNDATION STUB (issue 19): syncDistricts writes nothing until the district
// reference (db/reference/districts.ts) lands.

export async function loadPlaceData(work: Work): Promise<PlaceData> {
  const { db } = work
  const [regions, districts, schools] = await Promise.all([
    db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en']).orderBy('sort').execute(),
    db.selectFrom('districts').select(['id', 'region_code', 'name_kk', 'name_ru', 'name_en']).orderBy('sort').execute(),
    db.selectFrom('schools').select(['id', 'bin', 'region_code', 'district_id', 'name_kk', 'name_ru', 'closed_at']).execute(),
  ])
  return { regions, districts, schools: schools.map(({ closed_at, ...s }) => ({ ...s, closed: closed_at !== null })) }
}

/** Inserts or refreshes the districts of db/reference/districts.ts. Idempotent; runs at every start. */
export async function syncDistricts(db: Database): Promise<void> {
  void db
}
