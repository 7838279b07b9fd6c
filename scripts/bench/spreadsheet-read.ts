// npx tsx scripts/bench/spreadsheet-read.ts — how long reading a national
// teacher list takes: a 100,000-row CSV of about 20 MB and the same rows as an
// .xlsx workbook, each generated here, read with readSpreadsheet and mapped
// with mapTable. Prints the wall-clock and processor time of each step beside
// the target for the CSV. Each step is one synchronous stretch: an import runs
// it in a worker thread so that the server keeps answering.
import os from 'node:os'
import { performance } from 'node:perf_hooks'
import { readSpreadsheet } from '#app/modules/spreadsheet/read.server.ts'
import { mapTable, type TableSpec } from '#app/modules/spreadsheet/table.server.ts'
import { makeXlsx, type FixtureCell } from '#tests/fixtures/spreadsheets/make.ts'

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000)
const TARGET_CSV_MS = 2000

type Column = 'iin' | 'fullName' | 'email' | 'region' | 'district' | 'school' | 'subject'
const SPEC: TableSpec<Column> = {
  columns: ['iin', 'fullName', 'email', 'region', 'district', 'school', 'subject'],
  required: ['iin', 'fullName', 'school'],
  headerNames: {
    iin: ['ЖСН', 'ИИН', 'IIN'],
    fullName: ['Аты-жөні', 'ФИО', 'Full name'],
    email: ['Электрондық пошта', 'Электронная почта', 'Email'],
    region: ['Облыс', 'Область', 'Region'],
    district: ['Аудан', 'Район', 'District'],
    school: ['Мектеп', 'Школа', 'School'],
    subject: ['Пән', 'Предмет', 'Subject'],
  },
  joined: {
    fullName: [
      ['Тегі', 'Фамилия', 'Surname'],
      ['Аты', 'Имя', 'Name'],
      ['Әкесінің аты', 'Отчество', 'Patronymic'],
    ],
  },
  ignoreUnknown: true,
  maxRows: ROWS,
  errors: { noHeader: { key: 'import.file.noHeader' }, tooManyRows: (count) => ({ key: 'import.file.tooManyRows', params: { count } }) },
}

const HEADER = ['№', 'ЖСН', 'Тегі', 'Аты', 'Әкесінің аты', 'Электрондық пошта', 'Облыс', 'Аудан', 'Мектеп', 'Пән']
function row(i: number): string[] {
  const iin = String(850815300000 + i)
  return [
    String(i + 1),
    iin,
    `Қасымова-${i}`,
    'Әлия',
    'Нұрланқызы',
    `t${i}@mektep.kz`,
    'Алматы облысы',
    'Қарасай ауданы',
    `№ ${i % 900} мектеп-гимназия`,
    'Ағылшын тілі',
  ]
}

async function measure(name: string, bytes: Uint8Array) {
  const cpu = () => {
    const used = process.cpuUsage()
    return (used.user + used.system) / 1000
  }
  const [wall0, cpu0] = [performance.now(), cpu()]
  const workbook = await readSpreadsheet(bytes, { maxBytes: 25 * 1024 * 1024, maxRows: ROWS })
  const [wall1, cpu1] = [performance.now(), cpu()]
  if (!workbook.ok) throw new Error(`${name} refused: ${workbook.error.key}`)
  const table = mapTable(workbook.value, SPEC)
  const [wall2, cpu2] = [performance.now(), cpu()]
  if (!table.ok) throw new Error(`${name} not mapped: ${table.error.key}`)
  if (table.value.rows.length !== ROWS) throw new Error(`${name}: ${table.value.rows.length} rows`)
  const mb = (bytes.byteLength / (1024 * 1024)).toFixed(1)
  return { name, mb, read: wall1 - wall0, readCpu: cpu1 - cpu0, map: wall2 - wall1, mapCpu: cpu2 - cpu1 }
}

const csvText = [HEADER, ...Array.from({ length: ROWS }, (_, i) => row(i))].map((r) => r.join(';')).join('\r\n') + '\r\n'
const csv = new TextEncoder().encode('\uFEFF' + csvText)
const sheetRows: FixtureCell[][] = [
  HEADER,
  ...Array.from({ length: ROWS }, (_, i) => row(i).map((v, c): FixtureCell => (c === 1 ? { text: v } : c === 0 ? Number(v) : v))),
]
const xlsx = makeXlsx([{ name: 'Педагогтер', rows: sheetRows }])

const results = [await measure('CSV', csv), await measure('XLSX', xlsx)]
const ms = (n: number) => `${Math.round(n)} ms`
console.log(`Reading ${ROWS.toLocaleString('en')} rows (readSpreadsheet + mapTable):`)
for (const r of results) {
  const target = r.name === 'CSV' ? `   target: read under ${ms(TARGET_CSV_MS)}: ${r.read < TARGET_CSV_MS ? 'met' : 'missed'}` : ''
  console.log(
    `  ${r.name.padEnd(5)} ${r.mb.padStart(5)} MB  read ${ms(r.read).padStart(8)} (processor ${ms(r.readCpu)})  map ${ms(r.map).padStart(7)} (processor ${ms(r.mapCpu)})${target}`,
  )
}
console.log(`  (load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} processors while measuring)`)
