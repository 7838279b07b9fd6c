import { fail, ok, type Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import { districts as districtReference } from '#db/reference/districts.ts'
import { regionNames } from '#db/reference/place-names.ts'
import { parsePlace, schoolNameKey, schoolNumberKey, type ParsedPlace } from './place-keys.ts'

export { schoolNameKey } from './place-keys.ts'

// Finding regions, districts and schools from what people write in their
// files: a region or district by its code or by name in Kazakh, Russian or
// English in every common form (and former names), a school by its BIN, its id
// or its name within the region and district. Pure: the index is built from
// plain data (PlaceData), so an import's checks can run it in a worker thread.
//
// Bare names: `Алматы`, `Астана`, `Шымкент` alone are the cities of republican
// significance (`Алматы облысы` / `Алматинская обл.` is the region); any other
// bare name of a region is the region (`Ақмола` is the region; the capital's
// former name needs its word: `Ақмола қ.`). A city of regional significance
// written in a region cell (`г. Семей`) is its region. In a district cell a
// bare name that is both a city and a district of the region (`Қостанай`) is
// the city; `Қостанай ауданы` is the district.

export interface PlaceData {
  regions: { code: string; name_kk: string; name_ru: string; name_en: string }[]
  districts: {
    id: string
    region_code: string
    name_kk: string
    name_ru: string
    name_en: string
    /** Read from the reference (districts.ts) by id when absent. */
    kind?: 'district' | 'city'
  }[]
  schools: {
    id: string
    bin: string | null
    region_code: string
    district_id: string | null
    name_kk: string
    name_ru: string
    closed: boolean
    /** When it closed (ISO date), for the error that says so. */
    closed_at?: string | null
  }[]
}

/** A candidate named in an ambiguity error: enough for a person to pick the right one. */
export interface SchoolCandidate {
  id: string
  bin: string | null
  name: string
  district?: string | null
}

type School = PlaceData['schools'][number]

export interface PlaceIndex {
  data: PlaceData
  /** `region|stem`, `city|stem` or `bare|stem` → region code. */
  regionByKey: Map<string, string>
  /** `<region code>|district|stem` or `<region code>|city|stem` → district id. */
  districtByKey: Map<string, string>
  schoolByBin: Map<string, string>
  /** `<region code>|<schoolNameKey>` → school ids. */
  schoolsByKey: Map<string, string[]>
  /** `<region code>|#<number>` → the plain schools of that number (see schoolNumberKey). */
  schoolsByNumber: Map<string, string[]>
  /** `district|stem` or `city|stem` → the regions that have a district or city of that name. */
  districtRegions: Map<string, Set<string>>
  schoolById: Map<string, School>
  regionName: Map<string, { kk: string; ru: string }>
  districtName: Map<string, { kk: string; ru: string }>
  /** Answers already given: a national list names the same places and schools over and over. */
  answers: Map<string, Result<string, ImportMessage>>
}

/** The answer for `key`, worked out once per index. */
function remembered(index: PlaceIndex, key: string, work: () => Result<string, ImportMessage>): Result<string, ImportMessage> {
  let answer = index.answers.get(key)
  if (!answer) index.answers.set(key, (answer = work()))
  return answer
}

const stemOf = (text: string) => parsePlace(text).words.join(' ')
const setOnce = (map: Map<string, string>, key: string, value: string) => {
  if (key.endsWith('|') || map.has(key)) return
  map.set(key, value)
}

function indexRegions(data: PlaceData, regionByKey: Map<string, string>) {
  const republican = data.regions.filter((r) => regionNames[r.code]?.city)
  // The order is the priority: a bare name is first a city of republican
  // significance, then a region, then a city of regional significance.
  for (const r of republican) {
    for (const name of [r.name_kk, r.name_ru, r.name_en, ...(regionNames[r.code]?.city ?? [])]) {
      setOnce(regionByKey, `bare|${stemOf(name)}`, r.code)
      setOnce(regionByKey, `city|${stemOf(name)}`, r.code)
    }
    for (const name of regionNames[r.code]?.cityWithWord ?? []) setOnce(regionByKey, `city|${stemOf(name)}`, r.code)
  }
  for (const r of data.regions) {
    if (regionNames[r.code]?.city) continue
    for (const name of [r.name_kk, r.name_ru, r.name_en, ...(regionNames[r.code]?.region ?? [])]) {
      setOnce(regionByKey, `region|${stemOf(name)}`, r.code)
      setOnce(regionByKey, `bare|${stemOf(name)}`, r.code)
    }
  }
  const cities = data.districts.filter((d) => districtKind(d) === 'city')
  for (const d of cities) for (const name of districtNames(d)) addCity(regionByKey, d.region_code, name)
  for (const d of cities) for (const name of referenceById.get(d.id)?.formerNames ?? []) addCity(regionByKey, d.region_code, name)
}

function addCity(regionByKey: Map<string, string>, regionCode: string, name: string) {
  setOnce(regionByKey, `city|${stemOf(name)}`, regionCode)
  setOnce(regionByKey, `bare|${stemOf(name)}`, regionCode)
}

const referenceById = new Map(districtReference.map((d) => [d.id, d]))
const districtKind = (d: PlaceData['districts'][number]) =>
  d.kind ?? referenceById.get(d.id)?.kind ?? (parsePlace(d.name_kk).markers.has('city') ? 'city' : 'district')
const districtNames = (d: PlaceData['districts'][number]) => [d.name_kk, d.name_ru, d.name_en]

export function indexPlaces(data: PlaceData): PlaceIndex {
  const regionByKey = new Map<string, string>()
  indexRegions(data, regionByKey)

  const districtByKey = new Map<string, string>()
  const districtRegions = new Map<string, Set<string>>()
  const addDistrict = (d: PlaceData['districts'][number], name: string) => {
    const stem = stemOf(name)
    if (!stem) return
    const kind = districtKind(d)
    setOnce(districtByKey, `${d.region_code}|${kind}|${stem}`, d.id)
    districtRegions.set(`${kind}|${stem}`, (districtRegions.get(`${kind}|${stem}`) ?? new Set()).add(d.region_code))
  }
  // Current names first, so a former name never hides a current one.
  for (const d of data.districts) for (const name of districtNames(d)) addDistrict(d, name)
  for (const d of data.districts) for (const name of referenceById.get(d.id)?.formerNames ?? []) addDistrict(d, name)

  const schoolByBin = new Map<string, string>()
  const schoolsByKey = new Map<string, string[]>()
  const schoolsByNumber = new Map<string, string[]>()
  const add = (map: Map<string, string[]>, key: string, id: string) => map.set(key, [...(map.get(key) ?? []), id])
  for (const s of data.schools) {
    if (s.bin) schoolByBin.set(s.bin, s.id)
    const keys = new Set([schoolNameKey(s.name_kk), schoolNameKey(s.name_ru)])
    for (const n of keys) add(schoolsByKey, `${s.region_code}|${n}`, s.id)
    for (const n of new Set([...keys].map(schoolNumberKey))) if (n) add(schoolsByNumber, `${s.region_code}|${n}`, s.id)
  }
  return {
    data,
    regionByKey,
    districtByKey,
    schoolByBin,
    schoolsByKey,
    schoolsByNumber,
    districtRegions,
    schoolById: new Map(data.schools.map((s) => [s.id, s])),
    regionName: new Map(data.regions.map((r) => [r.code, { kk: r.name_kk, ru: r.name_ru }])),
    districtName: new Map(data.districts.map((d) => [d.id, { kk: d.name_kk, ru: d.name_ru }])),
    answers: new Map(),
  }
}

/** How a region or district is named inside a message: both languages, once when they agree. */
const label = (name: { kk: string; ru: string } | undefined, fallback: string) => (!name ? fallback : name.kk === name.ru ? name.kk : `${name.kk} / ${name.ru}`)
export const regionLabel = (index: PlaceIndex, code: string) => label(index.regionName.get(code), code)
const districtLabel = (index: PlaceIndex, id: string) => label(index.districtName.get(id), id)

/**
 * The stems to look a cell up by: the whole name, then each comma-separated
 * part, then every run of its words (so `Алматы қаласы Бостандық ауданы`
 * finds Бостандық). The caller takes the answer only when it is unique.
 */
function stems(text: string): { whole: ParsedPlace; parts: ParsedPlace[]; runs: string[] } {
  const whole = parsePlace(text)
  const parts = text.split(/[,;]/).map(parsePlace)
  const words = whole.words.slice(0, 12)
  const runs: string[] = []
  for (let from = 0; from < words.length; from++) for (let to = from + 1; to <= words.length; to++) runs.push(words.slice(from, to).join(' '))
  return { whole, parts, runs }
}

/** The only distinct value, or undefined when none or several. */
const only = <T>(values: (T | undefined)[]): T | undefined => {
  const found = [...new Set(values.filter((v): v is T => v !== undefined))]
  return found.length === 1 ? found[0] : undefined
}

function regionOf(index: PlaceIndex, words: string, markers: Set<string>): string | undefined {
  // A district is not a region: `Балқаш ауданы` must not find the city Балқаш.
  if (markers.has('district') && !markers.has('region') && !markers.has('city')) return undefined
  const map = markers.has('region') ? 'region' : markers.has('city') ? 'city' : 'bare'
  return index.regionByKey.get(`${map}|${words}`)
}

// KZ-75, kz75, КZ 75 (Cyrillic К or З), also before the name: "KZ-75 Алматы".
const REGION_CODE = /^kz[\s-]*(\d{2})(?![\d])(?:[\s,.:()-].*)?$/i

/** The region a cell names (its code, or a name in any common form), or why none. */
export function matchRegion(index: PlaceIndex, text: string): Result<string, ImportMessage> {
  return remembered(index, `region|${text}`, () => findRegion(index, text))
}

function findRegion(index: PlaceIndex, text: string): Result<string, ImportMessage> {
  const value = text.trim()
  if (!value) return fail({ key: 'places.region.missing' })
  const code = REGION_CODE.exec(value.replace(/^[кК]/, 'K').replace(/^([kK])[зЗ]/, '$1Z'))
  if (code) {
    const known = index.data.regions.find((r) => r.code === `KZ-${code[1]}`)
    return known ? ok(known.code) : fail({ key: 'places.region.unknown', params: { value } })
  }
  const { whole, parts, runs } = stems(value)
  const found =
    regionOf(index, whole.words.join(' '), whole.markers) ??
    only(parts.map((p) => regionOf(index, p.words.join(' '), p.markers))) ??
    only(runs.map((run) => regionOf(index, run, whole.markers)))
  if (found) return ok(found)
  const asDistrict = only(runs.map((run) => index.districtRegions.get(`district|${run}`)).flatMap((set) => (set && set.size === 1 ? [...set] : [])))
  if (asDistrict) return fail({ key: 'places.region.isDistrict', params: { value, region: regionLabel(index, asDistrict) } })
  return fail({ key: 'places.region.unknown', params: { value } })
}

function districtOf(index: PlaceIndex, regionCode: string, words: string, markers: Set<string>): string | undefined {
  const asDistrict = index.districtByKey.get(`${regionCode}|district|${words}`)
  const asCity = index.districtByKey.get(`${regionCode}|city|${words}`)
  return markers.has('district') ? (asDistrict ?? asCity) : (asCity ?? asDistrict)
}

/** The district (or city of regional significance) of `regionCode` a cell names, or why none. */
export function matchDistrict(index: PlaceIndex, regionCode: string, text: string): Result<string, ImportMessage> {
  return remembered(index, `district|${regionCode}|${text}`, () => findDistrict(index, regionCode, text))
}

function findDistrict(index: PlaceIndex, regionCode: string, text: string): Result<string, ImportMessage> {
  const value = text.trim()
  const region = regionLabel(index, regionCode)
  if (!value) return fail({ key: 'places.district.missing', params: { region } })
  if (index.districtName.has(value) && index.data.districts.some((d) => d.id === value && d.region_code === regionCode)) return ok(value)
  const { whole, parts, runs } = stems(value)
  const found =
    districtOf(index, regionCode, whole.words.join(' '), whole.markers) ??
    only(parts.map((p) => districtOf(index, regionCode, p.words.join(' '), p.markers))) ??
    only(runs.map((run) => districtOf(index, regionCode, run, whole.markers)))
  if (found) return ok(found)
  const regionsOf = (run: string) => [...(index.districtRegions.get(`district|${run}`) ?? []), ...(index.districtRegions.get(`city|${run}`) ?? [])]
  const elsewhere = [...new Set(runs.flatMap(regionsOf))].filter((code) => code !== regionCode)
  if (elsewhere.length > 0) {
    return fail({ key: 'places.district.otherRegion', params: { value, region, other: elsewhere.map((code) => regionLabel(index, code)).join('; ') } })
  }
  return fail({ key: 'places.district.unknown', params: { value, region } })
}

/** A school as a candidate, named in the language whose name has `key`. */
function candidate(index: PlaceIndex, id: string, matches: (name: string) => boolean): SchoolCandidate {
  const s = index.schoolById.get(id)!
  const lang = matches(s.name_kk) ? 'kk' : 'ru'
  const district = s.district_id ? (index.districtName.get(s.district_id)?.[lang] ?? null) : null
  return { id, bin: s.bin, name: lang === 'kk' ? s.name_kk : s.name_ru, district }
}

/**
 * The schools of the region a name may mean: those whose names have its key;
 * failing that, when it says only a number and the plain words of a school's
 * name ("СОШ 12", "№12 мектеп"), the plain schools of that number.
 */
export function schoolCandidates(index: PlaceIndex, regionCode: string, text: string): SchoolCandidate[] {
  const key = schoolNameKey(text)
  const byName = index.schoolsByKey.get(`${regionCode}|${key}`)
  if (byName) return byName.map((id) => candidate(index, id, (name) => schoolNameKey(name) === key))
  const number = schoolNumberKey(key)
  const byNumber = number ? (index.schoolsByNumber.get(`${regionCode}|${number}`) ?? []) : []
  // Named in the language that shares more words with the cell; on a tie, Kazakh if the cell has Kazakh letters.
  const words = new Set(key.split(' '))
  const shared = (name: string) =>
    schoolNameKey(name)
      .split(' ')
      .filter((w) => words.has(w)).length
  const kazakh = /[әғқңөұүһі]/i.test(text)
  return byNumber.map((id) => {
    const s = index.schoolById.get(id)!
    const kk = shared(s.name_kk) - shared(s.name_ru)
    return candidate(index, id, (name) => name === s.name_kk && (kk > 0 || (kk === 0 && kazakh)))
  })
}

const listed = (candidates: SchoolCandidate[]) =>
  candidates
    .slice(0, 10)
    .map((c) => `${c.name} — ${c.bin ?? c.id} — ${c.district ?? '—'}`)
    .join('; ')

/** A school found by its BIN or id: still open and in the row's region. */
function checked(index: PlaceIndex, school: School, regionCode: string, value: string): Result<string, ImportMessage> {
  if (school.region_code !== regionCode) {
    return fail({ key: 'places.school.otherRegion', params: { value, region: regionLabel(index, regionCode), other: regionLabel(index, school.region_code) } })
  }
  if (school.closed) return fail({ key: 'places.school.closed', params: { value, since: school.closed_at?.slice(0, 10) ?? '—' } })
  return ok(school.id)
}

/**
 * The open school a cell names: its BIN (12 digits), its id, or its name within
 * the region (and the district when one is given). A school of another region
 * is never matched. An ambiguous name is an error whose params list the
 * candidates (name — BIN — district).
 */
export function matchSchool(index: PlaceIndex, input: { text: string; regionCode: string; districtId: string | null }): Result<string, ImportMessage> {
  return remembered(index, `school|${input.regionCode}|${input.districtId ?? ''}|${input.text}`, () => findSchool(index, input))
}

function findSchool(index: PlaceIndex, input: { text: string; regionCode: string; districtId: string | null }): Result<string, ImportMessage> {
  const value = input.text.trim()
  const region = regionLabel(index, input.regionCode)
  if (!value) return fail({ key: 'places.school.missing' })
  const digits = value.replace(/\s/g, '')
  if (/^\d{12}$/.test(digits)) {
    const id = index.schoolByBin.get(digits)
    return id ? checked(index, index.schoolById.get(id)!, input.regionCode, value) : fail({ key: 'places.school.binUnknown', params: { value: digits } })
  }
  // A BIN Excel stored as a number: its leading zero lost, or in E notation.
  if (/^\d{9,11}$/.test(digits) || /^\d[.,]\d+e\+?\d+$/i.test(digits)) return fail({ key: 'places.school.binAsNumber', params: { value } })
  const byId = index.schoolById.get(value)
  if (byId) return checked(index, byId, input.regionCode, value)

  const all = schoolCandidates(index, input.regionCode, value)
  const sameDistrict = input.districtId ? all.filter((c) => index.schoolById.get(c.id)!.district_id === input.districtId) : all
  const pool = sameDistrict.length > 0 || !input.districtId ? sameDistrict : all.filter((c) => index.schoolById.get(c.id)!.district_id === null)
  const open = pool.filter((c) => !index.schoolById.get(c.id)!.closed)
  if (open.length === 1) return ok(open[0]!.id)
  if (open.length > 1) return fail({ key: 'places.school.ambiguous', params: { value, region, candidates: listed(open) } })
  if (pool.length > 0) return checked(index, index.schoolById.get(pool[0]!.id)!, input.regionCode, value)
  if (input.districtId) {
    const district = districtLabel(index, input.districtId)
    if (all.length > 0) return fail({ key: 'places.school.otherDistrict', params: { value, district, candidates: listed(all) } })
    return fail({ key: 'places.school.notFoundInDistrict', params: { value, region, district } })
  }
  return fail({ key: 'places.school.notFound', params: { value, region } })
}
