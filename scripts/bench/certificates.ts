// npm run bench:certificates — certificate PDFs in one process.
// Renders 200 certificates with different holders (after a warm-up that is
// not counted) and prints certificates per second on one core; then builds a
// ZIP of 1,000 certificates with the archive job's own writer (render + zip,
// no database) while a worker thread asks this process's /healthz every 10 ms,
// and prints the time, the archive's size and the slowest /healthz answer:
// how long the ZIP held the event loop. Facts are signed beforehand, as they
// are at issue; the signing key lives in a throwaway in-memory database.
// Targets (issue: national load): ≥ 200 PDFs per second per core, a ZIP of
// 1,000 in < 10 s, no hold of the event loop over 50 ms.
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { openDatabase } from '#db/client.server.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { migrateToLatest } from '#db/migrate.server.ts'
import type { CertificateFacts } from '#app/modules/certificates/facts.ts'
import { newVerificationCode, qrTextFor } from '#app/modules/certificates/issue.server.ts'
import { renderCertificatePdf } from '#app/modules/certificates/pdf.server.ts'
import { signFactsWith, signingKey } from '#app/modules/certificates/signing.server.ts'
import { writeCertificateZip } from '#app/modules/certificates/zip.server.ts'
import { fmt } from './server.ts'

const RENDERS = 200
const WARM_UP = 10
const ZIP_COUNT = 1_000

const FIRST = [
  'Айгүл',
  'Ерлан',
  'Гүлмира',
  'Бауыржан',
  'Әсел',
  'Нұрсұлтан',
  'Жанар',
  'Дәулет',
  'Мария',
  'Сергей',
  'Ұлжан',
  'Қайрат',
  'Айнұр',
  'Ольга',
  'Ғалымжан',
  'Сәуле',
]
const MIDDLE = ['Серікқызы', 'Қайратұлы', 'Ивановна', 'Өмірұлы', 'Нұрланқызы', 'Петрович', 'Ұзақбайқызы', 'Бекболатұлы']
const LAST = ['Нұрланова', 'Әбдіров', 'Петрова', 'Жақсылықов', 'Төлеубаева', 'Ким', 'Сейітқалиева-Мұхамеджанова', 'Оспанов', 'Құрманғазиева', 'Смагулов']
const COURSES = [
  { kk: 'Мектептегі буллингтің алдын алу: педагогке арналған тәжірибелік курс', ru: 'Профилактика буллинга в школе: практический курс для педагога' },
  { kk: 'Баланың әл-ауқаты және психологиялық қауіпсіз білім беру ортасы', ru: 'Благополучие ребёнка и психологически безопасная образовательная среда' },
  { kk: 'Ата-аналармен жұмыс', ru: 'Работа с родителями' },
]

function factsFor(i: number, year: number): CertificateFacts {
  const lang = i % 3 === 2 ? 'ru' : 'kk'
  return {
    kind: i % 17 === 0 ? 'attendance' : 'certificate',
    number: `ORK-${year}-${String(i + 1).padStart(6, '0')}`,
    code: newVerificationCode(),
    holder: `${LAST[i % LAST.length]} ${FIRST[(i * 7) % FIRST.length]} ${MIDDLE[(i * 3) % MIDDLE.length]}`,
    course: COURSES[i % COURSES.length]!,
    lang,
    secondLang: lang === 'kk' ? 'ru' : 'kk',
    hours: [36, 72, 24][i % 3]!,
    from: `${year}-02-03`,
    to: `${year}-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    approval: i % 4 === 0 ? null : { number: `${140 + (i % 9)}-ҚБ`, date: `${year - 1}-12-15` },
    issued: `${year}-03-${String(1 + (i % 28)).padStart(2, '0')}`,
    revision: 1,
  }
}

setPublicOrigin('https://academy.orken.kz')
const db = openDatabase(':memory:')
await migrateToLatest(db)
const year = new Date().getUTCFullYear()
const signed = async (facts: CertificateFacts) => ({ facts, qrText: qrTextFor(facts.code, signFactsWith(await signingKey(db, null), facts)) })
const certificates = await Promise.all(Array.from({ length: ZIP_COUNT }, (_, i) => signed(factsFor(i, year))))
await db.destroy()

for (const c of certificates.slice(0, WARM_UP)) await renderCertificatePdf(c.facts, c.qrText)

let pdfBytes = 0
// Processor time as well as wall time: on a shared machine the wall clock also counts waiting for a core.
const renderCpu = process.cpuUsage()
const renderStart = performance.now()
for (const c of certificates.slice(WARM_UP, WARM_UP + RENDERS)) pdfBytes += (await renderCertificatePdf(c.facts, c.qrText)).byteLength
const renderMs = performance.now() - renderStart
const cpuMs = (({ user, system }) => (user + system) / 1000)(process.cpuUsage(renderCpu))

// /healthz in this process, asked from a worker thread (which the ZIP does not block).
const health = http.createServer((_req, res) => res.end('ok'))
await new Promise<void>((resolve) => health.listen(0, '127.0.0.1', resolve))
const { port } = health.address() as { port: number }
const sampler = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads')
  let stop = false, slowest = 0, polls = 0
  parentPort.on('message', () => { stop = true })
  ;(async () => {
    while (!stop) {
      const t = performance.now()
      await fetch(workerData.url).then((r) => r.text())
      slowest = Math.max(slowest, performance.now() - t)
      polls++
      await new Promise((r) => setTimeout(r, 10))
    }
    parentPort.postMessage({ slowest, polls })
  })()`,
  { eval: true, workerData: { url: `http://127.0.0.1:${port}/healthz` } },
)
const sampled = new Promise<{ slowest: number; polls: number }>((resolve) => sampler.once('message', resolve))

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'orken-bench-zip-'))
const file = path.join(dir, 'certificates.zip')
try {
  let longestStep = 0
  const zipStart = performance.now()
  const { files, bytes } = await writeCertificateZip(
    certificates.map((c) => ({
      number: c.facts.number,
      render: async () => {
        const t = performance.now()
        const pdf = await renderCertificatePdf(c.facts, c.qrText)
        longestStep = Math.max(longestStep, performance.now() - t)
        return pdf
      },
    })),
    file,
  )
  const zipMs = performance.now() - zipStart
  sampler.postMessage('stop')
  const { slowest, polls } = await sampled
  const perSecond = RENDERS / (cpuMs / 1000)

  console.log(
    `\nCertificate PDFs in one process (Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} cores, load ${os.loadavg()[0]!.toFixed(1)})`,
  )
  console.log(
    `render        ${fmt(perSecond, 1).padStart(8)} PDFs/s on one core   target ≥ 200   ${fmt(cpuMs / RENDERS, 2)} ms of processor time each (${fmt(renderMs / RENDERS, 2)} ms wall), ${fmt(pdfBytes / RENDERS / 1024, 1)} KiB each (${RENDERS} renders, ${WARM_UP} warm-up not counted)`,
  )
  console.log(
    `ZIP of ${fmt(files)}   ${fmt(zipMs / 1000, 1).padStart(8)} s                  target < 10 s   render + zip, ${fmt(files / (zipMs / 1000), 1)} certificates/s`,
  )
  console.log(
    `event loop    ${fmt(slowest, 1).padStart(8)} ms slowest /healthz  target < 50 ms  during the ZIP, ${fmt(polls)} polls every 10 ms from a worker thread; longest step (one render) ${fmt(longestStep, 1)} ms`,
  )
  console.log(
    `ZIP size      ${fmt(bytes / 1_048_576, 1).padStart(8)} MiB                                ${fmt(fs.statSync(file).size)} bytes, PDFs stored uncompressed`,
  )
} finally {
  fs.rmSync(dir, { recursive: true, force: true })
  health.close()
  await sampler.terminate()
}
