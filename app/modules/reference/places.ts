import { fail, ok, type Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'

// Finding regions, districts and schools from what people write in their
// files: a region or district by its code or by name in Kazakh or Russian in
// every common form (and former names), a school by its BIN or by its name
// within the region and district. Pure: the index is built from plain data
// (PlaceData), so an import's checks can run it in a worker thread.
//
// FOUNDATION STUB (issue 19): the signatures are fixed; the matching below is
// the simplest that works (codes and exact names) until the real one lands.

export interface PlaceData {
  regions: { code: string; name_kk: string; name_ru: string; name_en: string }[]
  districts: { id: string; region_code: string; name_kk: string; name_ru: string; name_en: string }[]
  schools: {
    id: string
    bin: string | null
    region_code: string
    district_id: string | null
    name_kk: string
    name_ru: string
    closed: boolean
  }[]
}

/** A candidate named in an ambiguity error: enough for a person to pick the right one. */
export interface SchoolCandidate {
  id: string
  bin: string | null
  name: string
}

export interface PlaceIndex {
  data: PlaceData
  regionByKey: Map<string, string>
  districtByKey: Map<string, string>
  schoolByBin: Map<string, string>
  schoolsByKey: Map<string, string[]>
}

/** The key a school name is compared by: case, quotes, numbers' spelling and legal-form prefixes do not count. */
export function schoolNameKey(name: string): string {
  return name.toLocaleLowerCase('kk').replace(/\s+/g, ' ').trim()
}

const placeKey = (name: string) => name.toLocaleLowerCase('kk').replace(/\s+/g, ' ').trim()

export function indexPlaces(data: PlaceData): PlaceIndex {
  const regionByKey = new Map<string, string>()
  for (const r of data.regions) for (const n of [r.code, r.name_kk, r.name_ru, r.name_en]) regionByKey.set(placeKey(n), r.code)
  const districtByKey = new Map<string, string>()
  for (const d of data.districts) for (const n of [d.id, d.name_kk, d.name_ru, d.name_en]) districtByKey.set(`${d.region_code}|${placeKey(n)}`, d.id)
  const schoolByBin = new Map<string, string>()
  const schoolsByKey = new Map<string, string[]>()
  for (const s of data.schools) {
    if (s.bin) schoolByBin.set(s.bin, s.id)
    for (const n of new Set([schoolNameKey(s.name_kk), schoolNameKey(s.name_ru)])) {
      const key = `${s.region_code}|${n}`
      schoolsByKey.set(key, [...(schoolsByKey.get(key) ?? []), s.id])
    }
  }
  return { data, regionByKey, districtByKey, schoolByBin, schoolsByKey }
}

/** The region a cell names (its code, or a name in any common form), or why none. */
export function matchRegion(index: PlaceIndex, text: string): Result<string, ImportMessage> {
  const code = index.regionByKey.get(placeKey(text))
  return code ? ok(code) : fail({ key: 'import.row.region', params: { value: text } })
}

/** The district of `regionCode` a cell names, or why none. */
export function matchDistrict(index: PlaceIndex, regionCode: string, text: string): Result<string, ImportMessage> {
  const id = index.districtByKey.get(`${regionCode}|${placeKey(text)}`)
  return id ? ok(id) : fail({ key: 'import.row.region', params: { value: text } })
}

/**
 * The open school a cell names: its BIN, its id, or its name within the
 * region (and the district when one is given). An ambiguous name is an error
 * whose params list the candidates.
 */
export function matchSchool(index: PlaceIndex, input: { text: string; regionCode: string; districtId: string | null }): Result<string, ImportMessage> {
  const text = input.text.trim()
  const byBin = index.schoolByBin.get(text)
  if (byBin) return ok(byBin)
  if (index.data.schools.some((s) => s.id === text && s.region_code === input.regionCode)) return ok(text)
  const ids = index.schoolsByKey.get(`${input.regionCode}|${schoolNameKey(text)}`) ?? []
  if (ids.length === 1) return ok(ids[0]!)
  return fail({ key: ids.length > 1 ? 'import.row.schoolAmbiguous' : 'import.row.school', params: { value: text, region: input.regionCode } })
}
