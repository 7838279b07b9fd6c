import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import { demoSchools, regions } from '#db/reference/regions.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'

export async function listRegions(work: Work) {
  return work.db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en', 'kind']).orderBy('sort').execute()
}

export async function listSchools(work: Work, regionCode?: string) {
  let q = work.db.selectFrom('schools').select(['id', 'region_code', 'district', 'name_kk', 'name_ru', 'name_en'])
  if (regionCode) q = q.where('region_code', '=', regionCode)
  return q.orderBy('region_code').orderBy('name_kk').execute()
}

export async function schoolInRegion(work: Work, schoolId: string, regionCode: string): Promise<boolean> {
  const row = await work.db.selectFrom('schools').select('id').where('id', '=', schoolId).where('region_code', '=', regionCode).executeTakeFirst()
  return Boolean(row)
}

/**
 * Inserts or refreshes the 20 regions. Idempotent; runs at every start, before
 * any request, on the database itself. One statement, so it needs no transaction.
 */
export async function syncRegions(db: Database): Promise<void> {
  await db
    .insertInto('regions')
    .values(regions.map((r, sort) => ({ code: r.code, name_kk: r.name.kk, name_ru: r.name.ru, name_en: r.name.en, kind: r.kind, sort })))
    .onConflict((oc) =>
      oc.column('code').doUpdateSet((eb) => ({
        name_kk: eb.ref('excluded.name_kk'),
        name_ru: eb.ref('excluded.name_ru'),
        name_en: eb.ref('excluded.name_en'),
        kind: eb.ref('excluded.kind'),
        sort: eb.ref('excluded.sort'),
      })),
    )
    .execute()
}

/** Inserts the demo schools (three per region) that are not there yet, in one statement; returns how many were new. */
export async function insertDemoSchools(db: Database): Promise<number> {
  const created = nowIso()
  const result = await db
    .insertInto('schools')
    .values(demoSchools().map((s) => ({ ...s, is_demo: 1, created_at: created })))
    .onConflict((oc) => oc.column('id').doNothing())
    .executeTakeFirst()
  return Number(result.numInsertedOrUpdatedRows ?? 0)
}
