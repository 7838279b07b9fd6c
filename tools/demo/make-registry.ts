import fs from 'node:fs'
import path from 'node:path'
import { districts, type DistrictReference } from '#db/reference/districts.ts'
import { regions } from '#db/reference/regions.ts'
import { completeBin } from '#app/modules/registry/bin.ts'

// The demo registry of education organisations (tools/demo/registry.csv),
// generated, not typed: for every district of db/reference/districts.ts a few
// schools as the ministry's list names them, with valid BINs, numbered
// schools, gymnasiums, lyceums and boarding schools in towns, small rural
// schools named after their village. Numbers restart in every district, so a
// region has several schools of one name and only the district tells them
// apart. Deterministic: the same reference gives the same file, byte for byte.
//
//   npm run demo:registry

export const DEMO_REGISTRY_FILE = path.resolve('tools/demo/registry.csv')
const TARGET_SCHOOLS = 1_000

const HEADER = ['БСН', 'Облыс', 'Аудан', 'Елді мекен', 'Атауы (мемлекеттік тілде)', 'Атауы (орыс тілінде)', 'Түрі', 'Оқыту тілі', 'Мәртебесі']

const VILLAGES: { kk: string; ru: string }[] = [
  { kk: 'Ақсу', ru: 'Аксу' },
  { kk: 'Жаңаауыл', ru: 'Жанаауыл' },
  { kk: 'Қарабұлақ', ru: 'Карабулак' },
  { kk: 'Көктөбе', ru: 'Коктобе' },
  { kk: 'Талдыбұлақ', ru: 'Талдыбулак' },
  { kk: 'Сарыөзек', ru: 'Сарыозек' },
  { kk: 'Бірлік', ru: 'Бирлик' },
  { kk: 'Жаңатұрмыс', ru: 'Жанатурмыс' },
  { kk: 'Қызылжар', ru: 'Кызылжар' },
  { kk: 'Ақтоғай', ru: 'Актогай' },
  { kk: 'Шұбар', ru: 'Шубар' },
  { kk: 'Көкжар', ru: 'Кокжар' },
  { kk: 'Ынтымақ', ru: 'Ынтымак' },
  { kk: 'Жетісу', ru: 'Жетысу' },
  { kk: 'Тасқала', ru: 'Таскала' },
  { kk: 'Қайнар', ru: 'Кайнар' },
]

interface DemoRow {
  bin: string
  region: string
  district: string
  settlement: string
  nameKk: string
  nameRu: string
  kind: string
  language: string
  status: string
}

/** BINs in registration order: year and month, 4 (a legal entity), 1, a serial; the first beginning that has a check digit. */
function binMaker() {
  let serial = 0
  return (): string => {
    for (;;) {
      serial++
      const yy = String(95 + (serial % 11)).slice(-2)
      const mm = String(1 + (serial % 12)).padStart(2, '0')
      const bin = completeBin(`${yy}${mm}41${String(serial).padStart(5, '0')}`)
      if (bin) return bin
    }
  }
}

const town = (d: DistrictReference) => d.name.kk.replace(/ қ\.$/, '')
const townRu = (d: DistrictReference) => d.name.ru.replace(/^г\. /, '')
const LANGUAGES = ['Қазақ', 'Қазақ', 'Орыс', 'Аралас'] as const

function districtSchools(d: DistrictReference, count: number, nextBin: () => string): DemoRow[] {
  const region = regions.find((r) => r.code === d.regionCode)!
  const rows: DemoRow[] = []
  for (let i = 0; i < count; i++) {
    const n = i + 1
    const village = VILLAGES[(i + d.id.length) % VILLAGES.length]!
    const inTown = d.kind === 'city' || i % 3 === 0
    const settlement = d.kind === 'city' ? { kk: town(d), ru: townRu(d) } : inTown ? { kk: `${village.kk} ауылы`, ru: `село ${village.ru}` } : village
    let school: { kk: string; ru: string; kind: string }
    if (i % 10 === 3) school = { kk: `№ ${n} мектеп-гимназиясы`, ru: `Школа-гимназия № ${n}`, kind: 'Мектеп-гимназия' }
    else if (i % 10 === 6) school = { kk: `№ ${n} мектеп-лицейі`, ru: `Школа-лицей № ${n}`, kind: 'Мектеп-лицей' }
    else if (i % 15 === 8) school = { kk: `№ ${n} мектеп-интернаты`, ru: `Школа-интернат № ${n}`, kind: 'Мектеп-интернат' }
    else if (d.kind === 'district' && i % 4 === 1)
      school = { kk: `${village.kk} шағын жинақты мектебі`, ru: `Малокомплектная школа села ${village.ru}`, kind: 'Шағын жинақты мектеп' }
    else school = { kk: `№ ${n} жалпы орта білім беретін мектеп`, ru: `Общеобразовательная средняя школа № ${n}`, kind: 'Жалпы білім беретін мектеп' }
    // Every third name carries its legal form, as the registry often writes it.
    const legal = i % 3 === 2
    rows.push({
      bin: nextBin(),
      region: region.name.kk,
      district: d.name.kk,
      settlement: settlement.kk,
      nameKk: legal ? `«${school.kk}» КММ` : school.kk,
      nameRu: legal ? `КГУ «${school.ru}»` : school.ru,
      kind: school.kind,
      language: LANGUAGES[(i + d.id.length) % LANGUAGES.length]!,
      // About one school in a hundred has closed, so the registry shows both.
      status: (i * 7 + d.id.length) % 97 === 0 ? 'Жабылған' : 'Жұмыс істейді',
    })
  }
  return rows
}

export function demoRegistryRows(): DemoRow[] {
  const perDistrict = Math.max(3, Math.ceil(TARGET_SCHOOLS / Math.max(1, districts.length)))
  const nextBin = binMaker()
  return districts.flatMap((d) => districtSchools(d, perDistrict, nextBin))
}

const field = (v: string) => (/[;"\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)

/** The registry as CSV: UTF-8 with a BOM (Excel opens it so), semicolons, CRLF, as Excel saves one. */
export function demoRegistryCsv(): string {
  const lines = [HEADER, ...demoRegistryRows().map((r) => [r.bin, r.region, r.district, r.settlement, r.nameKk, r.nameRu, r.kind, r.language, r.status])]
  return `\ufeff${lines.map((l) => l.map(field).join(';')).join('\r\n')}\r\n`
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve('tools/demo/make-registry.ts')) {
  fs.writeFileSync(DEMO_REGISTRY_FILE, demoRegistryCsv())
  console.log(`Wrote ${demoRegistryRows().length} schools to ${path.relative(process.cwd(), DEMO_REGISTRY_FILE)}`)
}
