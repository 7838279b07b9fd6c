import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { PDFDict, PDFDocument, PDFHexString, PDFName } from 'pdf-lib'
import { beforeAll, describe, expect, test } from 'vitest'
import type { CertificateFacts } from '#app/modules/certificates/facts.ts'
import { CERTIFICATE_PDF_VERSION, pluralHoursRu, readCertificateMetadata, renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { TMP_DIR } from '#tests/setup/paths.ts'

// Certificates and attendance statements, read back with the tools a person
// would use: pdftotext and pdfinfo (poppler), pdftoppm and zbarimg for the QR
// code. The PNGs stay in tests/.tmp/certificate-pdf for a look.

const OUT = path.join(TMP_DIR, 'certificate-pdf')

const certificate: CertificateFacts = {
  kind: 'certificate',
  number: 'ORK-2026-000123',
  code: 'ABCDEFGHJKMNPQRS',
  holder: 'Әйгерім Нұрсұлтанқызы Төлеуғазиева-Қожахметова',
  course: {
    kk: 'Балалардың психологиялық әл-ауқаты: мектептегі күйзелістің ерте белгілерін анықтау, буллингтің алдын алу және ата-аналармен серіктестік',
    ru: 'Психологическое благополучие детей: раннее выявление признаков неблагополучия в школе, профилактика буллинга и партнёрство с родителями',
  },
  lang: 'kk',
  secondLang: 'ru',
  hours: 72,
  from: '2026-01-10',
  to: '2026-03-20',
  approval: { number: '4-12/1587', date: '2025-08-15' },
  issued: '2026-03-25',
  revision: 1,
}

const attendance: CertificateFacts = {
  ...certificate,
  kind: 'attendance',
  number: 'ORK-2026-000124',
  code: 'TUVWXYZ234567ABC',
  holder: 'Дәулет Серікұлы Үмбетәліев',
}

// The longest of everything, in a Russian course with the Kazakh beneath.
const crowded: CertificateFacts = {
  ...certificate,
  number: 'ORK-2027-999999',
  code: 'WXYZ234567ABCDEF',
  holder: 'Александра-Виктория Константиновна Нұрсұлтанқызы Төлеуғазиева-Қожахметова-Римская-Корсакова',
  course: {
    ru: 'Психологическое благополучие детей и подростков в общеобразовательной школе: раннее выявление признаков неблагополучия, профилактика буллинга и кибербуллинга, работа с кризисными ситуациями, партнёрство с родителями и межведомственное взаимодействие в интересах ребёнка',
    kk: 'Жалпы білім беретін мектептегі балалар мен жасөспірімдердің психологиялық әл-ауқаты: күйзелістің ерте белгілерін анықтау, буллинг пен кибербуллингтің алдын алу, дағдарыс жағдайларымен жұмыс, ата-аналармен серіктестік және баланың мүддесі үшін ведомствоаралық өзара іс-қимыл',
  },
  lang: 'ru',
  secondLang: 'kk',
  hours: 144,
  from: '2026-09-01',
  to: '2026-12-31',
  approval: { number: '04-2/12345-ВН', date: '2025-12-30' },
  issued: '2027-01-05',
  revision: 3,
}

/** A QR text shaped like a real one: ORK1.<payload>.<Ed25519 signature>, both base64url. */
function qrTextFor(facts: CertificateFacts): string {
  const payload = Buffer.from(
    JSON.stringify({
      n: facts.number,
      c: facts.code,
      k: facts.kind,
      hrs: facts.hours,
      f: facts.from,
      to: facts.to,
      i: facts.issued,
      r: facts.revision,
      d: createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 32),
    }),
  )
  const signature = createHash('sha512').update(facts.number).digest()
  return `https://academy.orken.kz/verify/${facts.code}?t=ORK1.${payload.toString('base64url')}.${signature.toString('base64url')}`
}

const run = (tool: string, args: string[]) => execFileSync(tool, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
const text = (file: string) => run('pdftotext', ['-enc', 'UTF-8', file, '-'])

/** Renders page 1 at 100 dpi and decodes the QR code in it. */
function scanQr(file: string): string {
  const png = file.replace(/\.pdf$/, '')
  run('pdftoppm', ['-r', '100', '-png', '-singlefile', file, png])
  return run('zbarimg', ['--raw', '-q', `${png}.png`]).replace(/\n$/, '')
}

interface Box {
  word: string
  x0: number
  y0: number
  x1: number
  y1: number
}

function words(file: string): Box[] {
  const html = run('pdftotext', ['-bbox', file, '-'])
  return [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
    word: m[5]!,
    x0: Number(m[1]),
    y0: Number(m[2]),
    x1: Number(m[3]),
    y1: Number(m[4]),
  }))
}

const documents = { certificate, attendance, crowded }
const names = ['certificate', 'attendance', 'crowded'] as const
type Name = (typeof names)[number]
const fileOf = (name: Name) => path.join(OUT, `${name}.pdf`)
const rendered = new Map<Name, Uint8Array>()

function bytesOf(name: Name): Uint8Array {
  const bytes = rendered.get(name)
  if (!bytes) throw new Error(`${name} was not rendered`)
  return bytes
}

beforeAll(async () => {
  fs.rmSync(OUT, { recursive: true, force: true })
  fs.mkdirSync(OUT, { recursive: true })
  for (const name of names) {
    const bytes = await renderCertificatePdf(documents[name], qrTextFor(documents[name]))
    rendered.set(name, bytes)
    fs.writeFileSync(fileOf(name), bytes)
  }
})

describe('pluralHoursRu', () => {
  test.each([
    [1, '1 академический час'],
    [2, '2 академических часа'],
    [4, '4 академических часа'],
    [5, '5 академических часов'],
    [11, '11 академических часов'],
    [12, '12 академических часов'],
    [14, '14 академических часов'],
    [21, '21 академический час'],
    [22, '22 академических часа'],
    [72, '72 академических часа'],
    [100, '100 академических часов'],
    [101, '101 академический час'],
    [111, '111 академических часов'],
    [144, '144 академических часа'],
    [0, '0 академических часов'],
    [1.5, '1,5 академического часа'],
  ])('%s', (n, expected) => {
    expect(pluralHoursRu(n)).toBe(expected)
  })
})

describe('a certificate', () => {
  test('prints its facts in Kazakh with the Russian beneath', () => {
    const out = text(fileOf('certificate'))
    for (const expected of [
      '«Өркен» балалардың әл-ауқатын арттыру ұлттық ғылыми-практикалық институты',
      'Национальный научно-практический институт благополучия детей «Өркен»',
      'СЕРТИФИКАТ',
      'біліктілікті арттыру курсынан өткені туралы',
      'о прохождении курса повышения квалификации',
      'Әйгерім Нұрсұлтанқызы Төлеуғазиева-Қожахметова',
      '72 академиялық сағат',
      '72 академических часа',
      '2026 ж. 10 қаңтар – 2026 ж. 20 наурыз',
      '10 января 2026 г. – 20 марта 2026 г.',
      'Оқу-ағарту министрлігімен келісілген: № 4-12/1587, 2025 ж. 15 тамыз',
      'Согласовано с Министерством просвещения: № 4-12/1587, 15 августа 2025 г.',
      'ORK-2026-000123',
      '2026 ж. 25 наурыз',
      '25 марта 2026 г.',
      'Директор',
      'М.О.',
      'М.П.',
      'ABCD-EFGH-JKMN-PQRS',
      'Тексеру: https://academy.orken.kz/verify/ABCDEFGHJKMNPQRS',
      'Проверка: https://academy.orken.kz/verify/ABCDEFGHJKMNPQRS',
    ]) {
      expect(out).toContain(expected)
    }
    expect(out).not.toContain('?t=')
    expect(out).not.toMatch(/ТЫҢДАУШЫ|емтихан/)
    // Each Russian line comes after its Kazakh one.
    expect(out.indexOf('72 академических часа')).toBeGreaterThan(out.indexOf('72 академиялық сағат'))
    expect(out.indexOf('о прохождении')).toBeGreaterThan(out.indexOf('біліктілікті арттыру'))
    // The long course title wraps: every word of it is there.
    for (const word of certificate.course.kk!.split(' ')) expect(out).toContain(word.replace(/[:,]$/, ''))
  })

  test('is one A4 landscape page with fixed metadata and embedded subset fonts', () => {
    const info = run('pdfinfo', ['-isodates', fileOf('certificate')])
    expect(info).toMatch(/^Pages:\s+1$/m)
    expect(info).toMatch(/^Page size:\s+841.89 x 595.28 pts \(A4\)$/m)
    expect(info).toMatch(/^Title:\s+ORK-2026-000123$/m)
    expect(info).toMatch(/^Producer:\s+Өркен Academy$/m)
    expect(info).toMatch(/^Creator:\s+Өркен Academy$/m)
    expect(info).toMatch(/^CreationDate:\s+2026-03-25T00:00:00Z$/m)
    expect(info).toMatch(/^ModDate:\s+2026-03-25T00:00:00Z$/m)
    const fonts = run('pdffonts', [fileOf('certificate')])
      .split('\n')
      .slice(2)
      .filter(Boolean)
    expect(fonts.map((l) => l.split(/\s+/)[0]).sort()).toEqual(['ORKENB+DejaVuSans-Bold', 'ORKENR+DejaVuSans'])
    for (const line of fonts) expect(line).toMatch(/\byes\s+yes\s+yes\b/) // embedded, subset, ToUnicode
  })

  // Rendered after the other documents on purpose: nothing an earlier document
  // did may cost a later one a letter.
  test('renders every Kazakh letter, in regular and in bold type', async () => {
    const letters = 'Ә Ғ Қ Ң Ө Ұ Ү Һ І ә ғ қ ң ө ұ ү һ і'
    const facts: CertificateFacts = {
      ...certificate,
      holder: 'Іңкәр Үмітқызы Һәкімова-Ғалымжанова Өмірбек Ұлы Әсет Қайрат',
      course: { kk: letters, ru: 'Алфавит' },
    }
    const file = path.join(OUT, 'letters.pdf')
    fs.writeFileSync(file, await renderCertificatePdf(facts, qrTextFor(facts)))
    const out = text(file)
    expect(out).toContain(letters)
    expect(out).toContain(facts.holder)
  })

  test('a name with letters beyond Kazakh, Russian and English still prints every letter', async () => {
    const facts: CertificateFacts = { ...certificate, holder: 'Şükrü Müller-Łukasiewicz Øyvind Ğ' }
    const file = path.join(OUT, 'extra-letters.pdf')
    const bytes = await renderCertificatePdf(facts, qrTextFor(facts))
    fs.writeFileSync(file, bytes)
    expect(text(file)).toContain(facts.holder)
    // Fonts with extra letters are prepared once per set of letters, and the same each time.
    expect(Buffer.from(await renderCertificatePdf(facts, qrTextFor(facts))).equals(Buffer.from(bytes))).toBe(true)
  })
})

describe('an attendance statement', () => {
  test('says so, and that the exam was not passed', () => {
    const out = text(fileOf('attendance'))
    for (const expected of [
      'ТЫҢДАУШЫ АНЫҚТАМАСЫ',
      'СПРАВКА О ПРОСЛУШИВАНИИ КУРСА',
      'қорытынды емтихан тапсырылмаған',
      'итоговый экзамен не сдан',
      'Дәулет Серікұлы Үмбетәліев',
      '72 академиялық сағат',
      'ORK-2026-000124',
    ]) {
      expect(out).toContain(expected)
    }
    expect(out).not.toContain('СЕРТИФИКАТ')
    expect(out).not.toContain('курсынан өткені туралы')
  })
})

describe('every document', () => {
  test.each(names)('%s: the QR code scans to the verification address, without the token', (name) => {
    expect(scanQr(fileOf(name))).toBe(`https://academy.orken.kz/verify/${documents[name].code}`)
  })

  test.each(names)('%s: no text leaves the frame or overlaps other text', (name) => {
    const boxes = words(fileOf(name))
    expect(boxes.length).toBeGreaterThan(40)
    // Inside the inner rule of the double border (27.5 pt in from each edge).
    for (const b of boxes) {
      expect(b.x0, b.word).toBeGreaterThan(30)
      expect(b.y0, b.word).toBeGreaterThan(30)
      expect(b.x1, b.word).toBeLessThan(841.89 - 30)
      expect(b.y1, b.word).toBeLessThan(595.28 - 30)
    }
    const overlaps: string[] = []
    boxes.forEach((a, i) => {
      for (const b of boxes.slice(i + 1)) {
        const dx = Math.min(a.x1, b.x1) - Math.max(a.x0, b.x0)
        const dy = Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0)
        if (dx > 0.5 && dy > 0.5) overlaps.push(`${a.word} / ${b.word}`)
      }
    })
    expect(overlaps).toEqual([])
  })

  // The fonts hold every letter a certificate can print (prepared once, not per document).
  test.each(names)('%s: is under 70 KB', (name) => {
    expect(bytesOf(name).byteLength).toBeLessThan(70 * 1024)
  })

  test.each(names)('%s: carries its token and facts for an offline verifier', async (name) => {
    const facts = documents[name]
    const read = await readCertificateMetadata(bytesOf(name))
    expect(read.renderer).toBe(CERTIFICATE_PDF_VERSION)
    expect(read.token).toBe(qrTextFor(facts))
    expect(read.facts).toEqual(facts)
    // Key order too: the signed digest is over JSON.stringify(facts).
    expect(JSON.stringify(read.facts)).toBe(JSON.stringify(facts))
  })
})

describe('determinism', () => {
  test('the same facts give the same bytes, however often and whenever rendered', async () => {
    const again = await renderCertificatePdf(structuredClone(certificate), qrTextFor(certificate))
    expect(Buffer.from(again).equals(Buffer.from(bytesOf('certificate')))).toBe(true)
    const third = await renderCertificatePdf(certificate, qrTextFor(certificate))
    expect(Buffer.from(third).equals(Buffer.from(bytesOf('certificate')))).toBe(true)
  })

  test('different facts or a different QR text give different bytes', async () => {
    const base = Buffer.from(bytesOf('certificate'))
    const renamed = await renderCertificatePdf({ ...certificate, holder: 'Әйгерім Нұрсұлтанқызы Төлеуғазиева' }, qrTextFor(certificate))
    const revised = await renderCertificatePdf({ ...certificate, revision: 2 }, qrTextFor(certificate))
    const otherToken = await renderCertificatePdf(certificate, `${qrTextFor(certificate)}x`)
    for (const other of [renamed, revised, otherToken]) expect(Buffer.from(other).equals(base)).toBe(false)
  })

  test('50 renders, timed', async () => {
    const started = performance.now()
    for (let i = 0; i < 50; i++) await renderCertificatePdf(certificate, qrTextFor(certificate))
    const ms = (performance.now() - started) / 50
    console.info(
      `certificate PDF: ${bytesOf('certificate').byteLength} bytes, attendance ${bytesOf('attendance').byteLength} bytes, ${ms.toFixed(1)} ms per render`,
    )
    expect(ms).toBeLessThan(500)
  })
})

describe('readCertificateMetadata', () => {
  test('gives nulls for a PDF without our entries, and no facts for facts that do not parse', async () => {
    const plain = await PDFDocument.create()
    plain.addPage()
    for (const useObjectStreams of [true, false]) {
      expect(await readCertificateMetadata(await plain.save({ useObjectStreams }))).toEqual({ token: null, facts: null, renderer: null, revoked: null })
    }

    // Edited and saved again by another tool (pdf-lib), as a forger might.
    const forged = await PDFDocument.load(bytesOf('certificate'))
    const info = forged.context.lookup(forged.context.trailerInfo.Info, PDFDict)
    const save = () => forged.save({ useObjectStreams: false })
    info.set(PDFName.of('OrkenFacts'), PDFHexString.fromText(JSON.stringify({ ...certificate, hours: '72' })))
    expect((await readCertificateMetadata(await save())).facts).toBeNull()
    info.set(PDFName.of('OrkenFacts'), PDFHexString.fromText('{not json'))
    expect(await readCertificateMetadata(await save())).toEqual({
      token: qrTextFor(certificate),
      facts: null,
      renderer: CERTIFICATE_PDF_VERSION,
      revoked: null,
    })
  })

  test('throws for bytes that are not a PDF', async () => {
    await expect(readCertificateMetadata(new TextEncoder().encode('hello'))).rejects.toThrow()
  })
})
