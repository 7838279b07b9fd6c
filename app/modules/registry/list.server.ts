import type { Work } from '#app/core/work.server.ts'

// The registry as the admin page shows it: schools filtered by region,
// district, status and a name or BIN, a page at a time, with how many
// teachers each has; and how many schools each region has open and closed.
// A regional admin reads their own regions only (`allowed`; null: all).

export const REGISTRY_PAGE_SIZE = 50

export interface RegistryFilter {
  allowed: string[] | null
  region?: string
  district?: string
  status?: 'open' | 'closed'
  q?: string
  page?: number
}

// SQLite compares only ASCII letters without case: a search tries the words as typed, in lower case and capitalised.
const spellings = (q: string) => {
  const lower = q.toLocaleLowerCase('kk')
  return [...new Set([q, lower, lower.charAt(0).toLocaleUpperCase('kk') + lower.slice(1)])]
}

function filtered(work: Work, filter: RegistryFilter) {
  let query = work.db.selectFrom('schools as s')
  if (filter.allowed) query = query.where('s.region_code', 'in', filter.allowed.length ? filter.allowed : ['-'])
  if (filter.region) query = query.where('s.region_code', '=', filter.region)
  if (filter.district) query = query.where('s.district_id', '=', filter.district)
  if (filter.status === 'open') query = query.where('s.closed_at', 'is', null)
  if (filter.status === 'closed') query = query.where('s.closed_at', 'is not', null)
  const q = filter.q?.trim()
  if (q)
    query = query.where((eb) =>
      eb.or([
        eb('s.bin', '=', q.replace(/\s+/g, '')),
        ...spellings(q).flatMap((text) => [eb('s.name_kk', 'like', `%${text}%`), eb('s.name_ru', 'like', `%${text}%`)]),
      ]),
    )
  return query
}

export async function listRegistry(work: Work, filter: RegistryFilter) {
  const total = await filtered(work, filter)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow()
  const pages = Math.max(1, Math.ceil(Number(total.n) / REGISTRY_PAGE_SIZE))
  const page = Math.min(Math.max(1, filter.page ?? 1), pages)
  const rows = await filtered(work, filter)
    .leftJoin('districts as d', 'd.id', 's.district_id')
    .innerJoin('regions as r', 'r.code', 's.region_code')
    .select((eb) => [
      's.id',
      's.bin',
      's.name_kk',
      's.name_ru',
      's.name_en',
      's.settlement',
      's.kind',
      's.language',
      's.closed_at',
      's.district',
      'd.name_kk as district_kk',
      'd.name_ru as district_ru',
      'd.name_en as district_en',
      'r.name_kk as region_kk',
      'r.name_ru as region_ru',
      'r.name_en as region_en',
      eb
        .selectFrom('users as u')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('u.school_id', '=', 's.id')
        .as('teachers'),
    ])
    .orderBy('r.sort')
    .orderBy('d.sort')
    .orderBy('s.name_kk')
    .orderBy('s.id')
    .limit(REGISTRY_PAGE_SIZE)
    .offset((page - 1) * REGISTRY_PAGE_SIZE)
    .execute()
  return { rows: rows.map((r) => ({ ...r, teachers: Number(r.teachers ?? 0) })), total: Number(total.n), page, pageSize: REGISTRY_PAGE_SIZE }
}

/** Each allowed region with its open and closed schools. */
export async function registryRegionCounts(work: Work, allowed: string[] | null) {
  let query = work.db
    .selectFrom('regions as r')
    .leftJoin('schools as s', 's.region_code', 'r.code')
    .select((eb) => [
      'r.code',
      'r.name_kk',
      'r.name_ru',
      'r.name_en',
      eb.fn.count<number>('s.id').filterWhere('s.closed_at', 'is', null).as('open'),
      eb.fn.count<number>('s.id').filterWhere('s.closed_at', 'is not', null).as('closed'),
    ])
    .groupBy(['r.code', 'r.name_kk', 'r.name_ru', 'r.name_en', 'r.sort'])
    .orderBy('r.sort')
  if (allowed) query = query.where('r.code', 'in', allowed.length ? allowed : ['-'])
  return (await query.execute()).map((r) => ({ ...r, open: Number(r.open), closed: Number(r.closed) }))
}

/** The districts of a region, for the filter. */
export async function regionDistricts(work: Work, regionCode: string) {
  return work.db.selectFrom('districts').select(['id', 'name_kk', 'name_ru', 'name_en']).where('region_code', '=', regionCode).orderBy('sort').execute()
}
