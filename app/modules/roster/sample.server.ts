import type { ExportTable } from '#app/modules/exports/download.server.ts'
import { buildXlsx } from '#app/modules/exports/xlsx.server.ts'

// A small roster to start from, as a school would write it: a leading №,
// Kazakh headers, the region by name, a school by its id, by its Kazakh name
// (holding a comma) and by its Russian name. The schools are the demo ones;
// a real roster names a school by its BIN or its registry name.

const HEADER = ['№', 'ЖСН', 'Т.А.Ә.', 'Электрондық пошта', 'Облыс', 'Мектеп']
const ROWS = [
  ['1', '850412412016', 'Нұрланова Айгүл Серікқызы', 'aigul.nurlanova@example.kz', 'Алматы', 'sch-kz75-1'],
  ['2', '790923312024', 'Әбдіров Ерлан Қайратұлы', 'erlan.abdirov@example.kz', 'Алматы', 'Медеу ауданы, № 3 жалпы орта мектеп'],
  ['3', '920101412030', 'Петрова Мария Ивановна', 'maria.petrova@example.kz', 'Алматы', 'Школа-гимназия № 28 города Алматы'],
]

/** The sample as a table: the routes write it as CSV in the dialect of the reader's Excel. */
export function sampleTable(): ExportTable {
  return { header: HEADER, rows: ROWS }
}

/** The same rows as a workbook, the IINs stored as text so Excel keeps all 12 digits. */
export function sampleXlsx(): Uint8Array {
  return buildXlsx([{ name: 'Педагогтер', header: HEADER, rows: ROWS }])
}
