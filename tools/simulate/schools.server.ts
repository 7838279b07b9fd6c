import { regions as regionReference } from '#db/reference/regions.ts'
import { DEFAULT_CAPACITY, DEFAULT_OPENED_ON } from '#app/modules/parents/centres.server.ts'
import { inBatches, insertRows, type SimContext } from './batches.server.ts'
import { stampAt, workingMinute } from './calendar.ts'
import { WeightedPicker, type Random } from './random.ts'
import { regionProfile, type RegionProfile } from './scale.ts'

// Synthetic schools, 150 to 400 a region by population (fewer at the small
// scale), in the region's centre or in villages of a district, each with its
// parent centre (the defaults of ensureCentre).

type Names = { kk: string; ru: string; en: string }

export interface SimSchool {
  id: string
  regionCode: string
  centreId: string
  /** How many teachers (and parents) it has, relatively. */
  weight: number
}

export interface SimRegion {
  code: string
  name: Names
  profile: RegionProfile
  schools: SimSchool[]
  schoolPicker: WeightedPicker<SimSchool>
}

const VILLAGES: Names[] = [
  { kk: 'Ақсу', ru: 'Аксу', en: 'Aksu' },
  { kk: 'Жаңаталап', ru: 'Жанаталап', en: 'Zhanatalap' },
  { kk: 'Қарабұлақ', ru: 'Карабулак', en: 'Karabulak' },
  { kk: 'Көктерек', ru: 'Коктерек', en: 'Kokterek' },
  { kk: 'Бірлік', ru: 'Бирлик', en: 'Birlik' },
  { kk: 'Достық', ru: 'Достык', en: 'Dostyk' },
  { kk: 'Ынтымақ', ru: 'Ынтымак', en: 'Yntymak' },
  { kk: 'Қайнар', ru: 'Кайнар', en: 'Kainar' },
  { kk: 'Сарыбұлақ', ru: 'Сарыбулак', en: 'Sarybulak' },
  { kk: 'Ақжар', ru: 'Акжар', en: 'Akzhar' },
  { kk: 'Алғабас', ru: 'Алгабас', en: 'Algabas' },
  { kk: 'Жаңаауыл', ru: 'Жанаауыл', en: 'Zhanaauyl' },
  { kk: 'Шұғыла', ru: 'Шугыла', en: 'Shugyla' },
  { kk: 'Бесқарағай', ru: 'Бескарагай', en: 'Beskaragai' },
  { kk: 'Талдыбұлақ', ru: 'Талдыбулак', en: 'Taldybulak' },
  { kk: 'Көкжиек', ru: 'Кокжиек', en: 'Kokzhiek' },
]

const CITY_KINDS = [
  { kk: 'жалпы білім беретін мектебі', ru: 'Общеобразовательная школа', en: 'Secondary School', weight: 0.7 },
  { kk: 'мектеп-гимназиясы', ru: 'Школа-гимназия', en: 'School-Gymnasium', weight: 0.2 },
  { kk: 'мектеп-лицейі', ru: 'Школа-лицей', en: 'School-Lyceum', weight: 0.1 },
]

interface SchoolRow {
  id: string
  region_code: string
  district: string | null
  name_kk: string
  name_ru: string
  name_en: string
}

function planRegionSchools(rng: Random, code: string, kind: 'oblast' | 'city', count: number, taken: Set<string>): { rows: SchoolRow[]; weights: number[] } {
  const ref = regionReference.find((r) => r.code === code)
  const centre = ref?.centre ?? { kk: code, ru: code, en: code }
  const district = ref?.district ?? null
  const slug = code.toLowerCase().replace(/[^a-z0-9]/g, '')
  const kindPicker = new WeightedPicker(CITY_KINDS, (k) => k.weight)
  const rows: SchoolRow[] = []
  const weights: number[] = []
  let cityNumber = 0
  const villageNumbers = new Map<string, number>()
  while (rows.length < count) {
    const inCity = kind === 'city' || !district || rng.chance(0.45)
    let row: Omit<SchoolRow, 'id' | 'region_code'>
    if (inCity) {
      cityNumber += rng.int(1, 3)
      const k = kindPicker.pick(rng)
      row = {
        district: kind === 'city' && district && rng.chance(0.45) ? district.kk : null,
        name_kk: `${centre.kk} қаласының № ${cityNumber} ${k.kk}`,
        name_ru: `${k.ru} № ${cityNumber} города ${centre.ru}`,
        name_en: `${k.en} No. ${cityNumber}, ${centre.en}`,
      }
    } else {
      const village = rng.pick(VILLAGES)
      const n = (villageNumbers.get(village.kk) ?? 0) + 1
      villageNumbers.set(village.kk, n)
      row = {
        district: district!.kk,
        name_kk: `${village.kk} ауылының № ${n} жалпы орта мектебі`,
        name_ru: `Средняя школа № ${n} села ${village.ru}`,
        name_en: `${village.en} Village Secondary School No. ${n}`,
      }
    }
    // Names must stay unique in a region: the enrolment import finds schools by name.
    if (taken.has(row.name_kk) || taken.has(row.name_ru)) continue
    taken.add(row.name_kk)
    taken.add(row.name_ru)
    rows.push({ id: `sim-${slug}-${String(rows.length + 1).padStart(4, '0')}`, region_code: code, ...row })
    weights.push((inCity ? 1.4 : 0.6) * (0.4 + 1.6 * rng.next()))
  }
  return { rows, weights }
}

/** Creates the schools and their parent centres; returns the regions with their schools. */
export async function createSchools(ctx: SimContext): Promise<SimRegion[]> {
  const rng = ctx.rng.fork('schools')
  const regionRows = await ctx.db.selectFrom('regions').select(['code', 'name_kk', 'name_ru', 'name_en', 'kind']).orderBy('sort').execute()
  if (!regionRows.length) throw new Error('The regions table is empty: run the start-up preparation (syncRegions) first.')
  const existing = await ctx.db.selectFrom('schools').select(['region_code', 'name_kk', 'name_ru']).execute()
  const populations = regionRows.map((r) => regionProfile(r.code).population)
  const [minPop, maxPop] = [Math.min(...populations), Math.max(...populations)]
  const [minSchools, maxSchools] = ctx.spec.schoolsPerRegion

  const regions: SimRegion[] = []
  const planned: { school: SimSchool; row: SchoolRow; created: string }[] = []
  for (const r of regionRows) {
    const profile = regionProfile(r.code)
    const share = maxPop > minPop ? (profile.population - minPop) / (maxPop - minPop) : 0.5
    const count = Math.round(minSchools + share * (maxSchools - minSchools))
    const taken = new Set(existing.filter((s) => s.region_code === r.code).flatMap((s) => [s.name_kk, s.name_ru]))
    const { rows, weights } = planRegionSchools(rng, r.code, r.kind, count, taken)
    const schools = rows.map((row, i): SimSchool => ({ id: row.id, regionCode: r.code, centreId: rng.id(), weight: weights[i]! }))
    schools.forEach((school, i) => planned.push({ school, row: rows[i]!, created: stampAt(rng.int(0, 3), workingMinute(rng)) }))
    regions.push({
      code: r.code,
      name: { kk: r.name_kk, ru: r.name_ru, en: r.name_en },
      profile,
      schools,
      schoolPicker: new WeightedPicker(schools, (s) => s.weight),
    })
  }

  await inBatches(ctx, 'schools', planned, 2_000, async (trx, batch) => {
    await insertRows(
      trx,
      'schools',
      batch.map((p) => ({ ...p.row, is_demo: 0, created_at: p.created })),
    )
    await insertRows(
      trx,
      'parent_centres',
      batch.map((p) => ({
        id: p.school.centreId,
        school_id: p.school.id,
        capacity: DEFAULT_CAPACITY,
        opened_on: DEFAULT_OPENED_ON,
        created_at: p.created,
        updated_at: p.created,
      })),
    )
  })
  return regions
}
