import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import { regions } from '#db/reference/regions.ts'
import { prepared } from '#db/prepared.server.ts'

export async function listRegions(work: Work) {
  return regionsRead.all(work.db)
}

// Every dashboard page reads them: built once (db/prepared.server.ts).
const regionsRead = prepared((db) => db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en', 'kind']).orderBy('sort'))

/**
 * The schools one may choose (of a region): closed ones are left out, except
 * the one given as `keep` (the school a teacher already has stays theirs).
 */
export async function listSchools(work: Work, regionCode?: string, options: { keep?: string | null } = {}) {
  let q = work.db.selectFrom('schools').select(['id', 'region_code', 'district', 'name_kk', 'name_ru', 'name_en'])
  if (regionCode) q = q.where('region_code', '=', regionCode)
  const keep = options.keep
  q = keep ? q.where((eb) => eb.or([eb('closed_at', 'is', null), eb('id', '=', keep)])) : q.where('closed_at', 'is', null)
  return q.orderBy('region_code').orderBy('name_kk').execute()
}

/** Whether `schoolId` is an open school of the region, or the school `keep` names (a teacher's own, even closed). */
export async function schoolInRegion(work: Work, schoolId: string, regionCode: string, options: { keep?: string | null } = {}): Promise<boolean> {
  const row = await work.db
    .selectFrom('schools')
    .select(['id', 'closed_at'])
    .where('id', '=', schoolId)
    .where('region_code', '=', regionCode)
    .executeTakeFirst()
  return Boolean(row) && (row!.closed_at === null || row!.id === options.keep)
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
