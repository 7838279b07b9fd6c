import { fail, ok, type Result } from '#app/core/result.ts'
import type { ImportMessage } from '#app/modules/csv/csv-table.server.ts'
import type { RowError } from '#app/modules/jobs/import-outcomes.server.ts'
import { matchDistrict, matchRegion, type PlaceIndex } from '#app/modules/reference/places.ts'
import { damagedIdentifier } from '#app/modules/spreadsheet/excel-damage.ts'
import { readSpreadsheet } from '#app/modules/spreadsheet/read.server.ts'
import { mapTable, type Table, type TableRow, type TableSpec } from '#app/modules/spreadsheet/table.server.ts'
import type { SchoolKind, SchoolLanguage } from '#db/schema.ts'
import { binProblem } from './bin.ts'
import { acceptedWords, KIND_WORDS, LANGUAGE_WORDS, matchKind, matchLanguage, matchStatus, STATUS_WORDS } from './words.ts'

// The registry of education organisations as the ministry publishes it, read
// into a table (CSV, Excel's Unicode text or XLSX) and checked row by row:
// every problem of every row, with its line, before anything is written.

export const REGISTRY_MAX_BYTES = 10 * 1024 * 1024
export const REGISTRY_MAX_ROWS = 20_000

const COLUMNS = ['bin', 'region', 'district', 'settlement', 'nameKk', 'nameRu', 'kind', 'language', 'status'] as const
export type RegistryColumn = (typeof COLUMNS)[number]

export const registrySpec: TableSpec<RegistryColumn> = {
  columns: COLUMNS,
  required: ['bin', 'region', 'district', 'nameKk', 'nameRu'],
  headerNames: {
    bin: ['БСН', 'БИН', 'BIN', 'БСН/БИН', 'Бизнес-сәйкестендіру нөмірі', 'Бизнес-идентификационный номер'],
    region: ['Облыс', 'Область', 'Өңір', 'Регион', 'Region', 'Облыс/республикалық маңызы бар қала', 'Область/город республиканского значения'],
    district: ['Аудан', 'Район', 'District', 'Аудан/қала', 'Район/город', 'Қала', 'Город'],
    settlement: ['Елді мекен', 'Населённый пункт', 'Населенный пункт', 'Settlement'],
    nameKk: [
      'Атауы (мемлекеттік тілде)',
      'Наименование на казахском',
      'Name in Kazakh',
      'Атауы (қазақ тілінде)',
      'Ұйымның атауы (мемлекеттік тілде)',
      'Наименование на государственном языке',
      'Наименование (каз)',
    ],
    nameRu: [
      'Атауы (орыс тілінде)',
      'Наименование на русском',
      'Name in Russian',
      'Ұйымның атауы (орыс тілінде)',
      'Наименование на русском языке',
      'Наименование (рус)',
      'Наименование',
    ],
    kind: ['Түрі', 'Тип', 'Type', 'Вид организации', 'Ұйым түрі', 'Тип организации'],
    language: ['Оқыту тілі', 'Язык обучения', 'Language of instruction', 'Оқу тілі', 'Язык преподавания'],
    status: ['Мәртебесі', 'Статус', 'Status', 'Жағдайы', 'Состояние'],
  },
  ignoreUnknown: true,
  maxRows: REGISTRY_MAX_ROWS,
  errors: {
    noHeader: { key: 'registry.file.noHeader' },
    tooManyRows: (count) => ({ key: 'registry.file.tooManyRows', params: { count, max: REGISTRY_MAX_ROWS } }),
  },
}

/** One organisation as the file lists it, checked. */
export interface RegistryEntry {
  line: number
  bin: string
  regionCode: string
  districtId: string
  settlement: string | null
  nameKk: string
  nameRu: string
  kind: SchoolKind | null
  language: SchoolLanguage | null
  closed: boolean
}

/** Reads an uploaded registry file into its table; a file that cannot be one is refused with a translated reason. */
export async function readRegistryFile(bytes: Uint8Array, options: { sheet?: string } = {}): Promise<Result<Table<RegistryColumn>, ImportMessage>> {
  const workbook = await readSpreadsheet(bytes, { maxBytes: REGISTRY_MAX_BYTES, maxRows: REGISTRY_MAX_ROWS })
  if (!workbook.ok) return workbook
  return mapTable(workbook.value, registrySpec, options.sheet ? { sheet: options.sheet } : {})
}

/** Checks one row against the place index; every problem of the row is reported. */
function checkRow(index: PlaceIndex, row: TableRow<RegistryColumn>): { entry: RegistryEntry | null; errors: RowError[] } {
  const errors: RowError[] = []
  const add = (message: ImportMessage) => errors.push({ line: row.line, ...message })
  if (row.problem) return { entry: null, errors: [{ line: row.line, ...row.problem }] }
  const v = Object.fromEntries(Object.entries(row.values).map(([k, text]) => [k, text.trim()])) as Record<RegistryColumn, string>

  const damaged = damagedIdentifier({ text: v.bin, kind: row.kinds.bin })
  const bin = v.bin.replace(/\s+/g, '')
  if (damaged) add(damaged)
  else if (binProblem(bin)) add({ key: bin === '' ? 'registry.row.binMissing' : 'registry.row.bin', params: { value: v.bin } })

  let regionCode: string | null = null
  let districtId: string | null = null
  if (v.region === '') add({ key: 'registry.row.regionMissing' })
  else {
    const region = matchRegion(index, v.region)
    if (region.ok) regionCode = region.value
    else add({ key: 'registry.row.region', params: { value: v.region } })
  }
  if (v.district === '') add({ key: 'registry.row.districtMissing' })
  else if (regionCode) {
    const district = matchDistrict(index, regionCode, v.district)
    if (district.ok) districtId = district.value
    else add({ key: 'registry.row.district', params: { value: v.district, region: v.region } })
  }
  if (v.nameKk === '') add({ key: 'registry.row.nameKk' })
  if (v.nameRu === '') add({ key: 'registry.row.nameRu' })

  const kind = v.kind === '' ? null : matchKind(v.kind)
  if (kind === undefined) add({ key: 'registry.row.kind', params: { value: v.kind, accepted: acceptedWords(KIND_WORDS) } })
  const language = v.language === '' ? null : matchLanguage(v.language)
  if (language === undefined) add({ key: 'registry.row.language', params: { value: v.language, accepted: acceptedWords(LANGUAGE_WORDS) } })
  const status = v.status === '' ? 'open' : matchStatus(v.status)
  if (status === undefined) add({ key: 'registry.row.status', params: { value: v.status, accepted: acceptedWords(STATUS_WORDS) } })

  if (errors.length || !regionCode || !districtId || kind === undefined || language === undefined || status === undefined) return { entry: null, errors }
  return {
    entry: {
      line: row.line,
      bin,
      regionCode,
      districtId,
      settlement: v.settlement || null,
      nameKk: v.nameKk,
      nameRu: v.nameRu,
      kind,
      language,
      closed: status === 'closed',
    },
    errors,
  }
}

const CHUNK = 200

/**
 * Checks every row in chunks of CHUNK, calling `between` after each (the
 * job's progress and a yield to the server): the entries when every row is
 * good, else every row's errors, a BIN listed twice reported on both lines.
 */
export async function checkRegistryRows(
  index: PlaceIndex,
  rows: TableRow<RegistryColumn>[],
  between: (processed: number) => Promise<void>,
): Promise<Result<RegistryEntry[], RowError[]>> {
  const entries: RegistryEntry[] = []
  const errors: RowError[] = []
  const linesByBin = new Map<string, number[]>()
  for (let i = 0; i < rows.length; i += CHUNK) {
    for (const row of rows.slice(i, i + CHUNK)) {
      const checked = checkRow(index, row)
      errors.push(...checked.errors)
      if (checked.entry) entries.push(checked.entry)
      const bin = row.values.bin.replace(/\s+/g, '')
      if (bin !== '') linesByBin.set(bin, [...(linesByBin.get(bin) ?? []), row.line])
    }
    await between(Math.min(rows.length, i + CHUNK))
  }
  for (const [bin, lines] of linesByBin) {
    if (lines.length < 2) continue
    for (const line of lines) errors.push({ line, key: 'registry.row.duplicateBin', params: { bin, lines: lines.join(', ') } })
  }
  return errors.length ? fail(errors) : ok(entries)
}
