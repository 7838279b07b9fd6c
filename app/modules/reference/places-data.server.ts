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
    db.selectFrom('districts').select(['id', 'region_code', 'name_kk', 'name_ru', 'name_en']).orderBy('sort').execute(),
    db.selectFrom('schools').select(['id', 'bin', 'region_code', 'district_id', 'name_kk', 'name_ru', 'closed_at']).execute(),
  ])
  return { regions, districts, schools: schools.map(({ closed_at, ...s }) => ({ ...s, closed: closed_at !== null })) }
}

/** Inserts or refreshes the districts of db/reference/districts.ts. Idempotent; runs at every start. */
export async function syncDistricts(db: Database): Promise<void> {
  if (districts.length === 0) return
  await db
    .insertInto('districts')
    .values(
      districts.map((d, sort) => ({ id: d.id, region_code: d.regionCode, kind: d.kind, name_kk: d.name.kk, name_ru: d.name.ru, name_en: d.name.en, sort })),
    )
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
