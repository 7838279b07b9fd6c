import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, test } from 'vitest'
import { buildXlsx, excelSerial, writeXlsx, type XlsxSheet } from '#app/modules/exports/xlsx.server.ts'

const sheet: XlsxSheet = {
  name: 'Тізім',
  header: ['Аты-жөні', 'ЖСН', 'Оқу барысы, %', 'Соңғы белсенділік'],
  rows: [
    ['Дәулет Нұрланов', '050412412016', 12.5, new Date('2026-03-10T08:00:00Z')],
    ['=HYPERLINK("x")', '', 0, null],
  ],
}

describe('cells', () => {
  test('Excel’s serial number of a moment is Almaty’s wall clock', () => {
    // 2026-03-10 13:00 in Almaty (UTC+5): day 46091 and 13/24 of a day.
    expect(excelSerial(new Date('2026-03-10T08:00:00Z'))).toBeCloseTo(46_091 + 13 / 24, 9)
    expect(excelSerial(new Date('2026-01-01T00:00:00+05:00'))).toBe(46_023)
  })

  test('numbers are numeric cells, dates numeric cells in the date style, text shared strings (an IIN keeps its zero)', () => {
    const files = unzipSync(buildXlsx([sheet]))
    const xml = strFromU8(files['xl/worksheets/sheet1.xml']!)
    const strings = strFromU8(files['xl/sharedStrings.xml']!)
    expect(xml).toContain('<c r="C2"><v>12.5</v></c>')
    expect(xml).toMatch(/<c r="D2" s="2"><v>46091\.54166\d*<\/v><\/c>/)
    expect(xml).toContain('<c r="C3"><v>0</v></c>')
    expect(xml).not.toContain('r="B3"')
    expect(strings).toContain('<t xml:space="preserve">050412412016</t>')
    // A formula-looking name is a string, never a formula.
    expect(xml).not.toContain('<f>')
    expect(strings).toContain('=HYPERLINK(&quot;x&quot;)')
    const styles = strFromU8(files['xl/styles.xml']!)
    expect(styles).toContain('<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/>')
    expect(styles).toMatch(/<cellXfs count="3">.*<xf numFmtId="164"[^>]*applyNumberFormat="1"\/><\/cellXfs>/)
  })

  test('the header is bold and frozen, and each column is as wide as its longest cell', () => {
    const xml = strFromU8(unzipSync(buildXlsx([sheet]))['xl/worksheets/sheet1.xml']!)
    expect(xml).toMatch(/<row r="1"><c r="A1" s="1" t="s">.*<c r="D1" s="1" t="s">/)
    expect(xml).toContain('<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>')
    expect(xml).toContain('<col min="1" max="1" width="17" customWidth="1"/>')
    expect(xml).toContain('<col min="4" max="4" width="19" customWidth="1"/>')
  })
})

describe('a large workbook', () => {
  // A national cohort: 52,400 teachers, twelve columns.
  const big: XlsxSheet = {
    name: 'Roster',
    header: Array.from({ length: 12 }, (_, c) => `Column ${c}`),
    rows: Array.from({ length: 52_400 }, (_, i) => [
      `Педагог ${i} Серікұлы`,
      String(850_000_000_000 + i),
      `teacher${i}@example.kz`,
      'Оқып жатыр',
      i % 101,
      i % 12,
      12,
      i % 100,
      null,
      (i % 1000) / 10,
      i % 7 ? 'Алматы' : 'Астана',
      new Date(Date.UTC(2026, 2, 1) + i * 60_000),
    ]),
  }

  test('writeXlsx gives the same bytes as buildXlsx, and lets other work run while it writes', async () => {
    let ticks = 0
    let running = true
    const tick = () => {
      ticks++
      if (running) setImmediate(tick)
    }
    setImmediate(tick)
    const written = await writeXlsx([big])
    running = false
    expect(ticks).toBeGreaterThan(10)
    const built = buildXlsx([big])
    // Byte for byte (toEqual would walk millions of elements).
    expect(Buffer.compare(written, built)).toBe(0)
    const files = unzipSync(written)
    const xml = strFromU8(files['xl/worksheets/sheet1.xml']!)
    expect(xml).toContain('<row r="52401">')
    expect(xml).toContain('<c r="J52401"><v>39.9</v></c>')
  }, 60_000)
})
