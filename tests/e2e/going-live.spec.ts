import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from '@playwright/test'
import { buildXlsx } from '#app/modules/exports/xlsx.server.ts'
import { decodeBody, splitMessage, startSmtp, type TestSmtp } from '#tests/integration/mail-smtp.ts'
import { uniqueIin } from '#tests/fixtures/users.ts'
import { E2E_PORT, E2E_SMTP_PORT } from './ports.ts'

// docs/going-live.md, walked as an institute would on its first day: an empty
// server started under NODE_ENV=production, the first administrator made on
// the console, the school registry imported, a cohort created, a teacher
// list imported as a school writes it (an .xlsx with Kazakh headers), the
// invitation delivered by real SMTP on loopback, and the teacher setting a
// password from it, logging in, studying and enrolling in a second cohort.
// The server here has no pinned clock (production reads the system's), so
// every date below is taken from the same clock the server reads.

const PORT = E2E_PORT + 7
const SMTP_PORT = E2E_SMTP_PORT + 7
const ORIGIN = `http://localhost:${PORT}`
const TMP = path.resolve('tests/.tmp/going-live')
const ADMIN = { email: 'admin@orken.kz', name: 'Айгүл Серікқызы', password: 'жаңа-оқу-жылы-бастау-2029' }

const isoDay = (offsetDays: number) => new Date(Date.now() + offsetDays * 86_400_000).toISOString().slice(0, 10)

function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    PORT: String(PORT),
    HOST: '127.0.0.1',
    DATABASE_URL: path.join(TMP, 'orken.db'),
    PUBLIC_ORIGIN: ORIGIN,
    SMTP_URL: `smtp://127.0.0.1:${SMTP_PORT}`,
    MAIL_FROM: 'Өркен Academy <no-reply@orken.kz>',
    MAIL_INTERVAL_MS: '500',
    CONTENT_DIR: 'tests/fixtures/content',
    UPLOADS_DIR: path.join(TMP, 'uploads'),
    EXPORTS_DIR: path.join(TMP, 'exports'),
    LOG_FORMAT: 'readable',
  }
  for (const name of ['TEST_CLOCK_START', 'TEST_CLOCK_ANCHOR_MS', 'DEMO_PASSWORD', 'TRUST_PROXY', 'TEST_DATABASE_URL'] as const) delete env[name]
  return env
}

/** Runs one of the project's scripts as an operator would, in the server's environment. */
function runScript(script: string, args: string[], input?: string) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', script, ...args], { env: serverEnv(), input, encoding: 'utf8', timeout: 120_000 })
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

async function startProductionServer(): Promise<{ process: ChildProcess; output: () => string }> {
  let output = ''
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] })
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')))
  const deadline = Date.now() + 90_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the production server stopped:\n${output}`)
    const up = await fetch(`${ORIGIN}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (up) return { process: child, output: () => output }
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  child.kill()
  throw new Error(`the production server did not start in 90 s:\n${output}`)
}

/** The first registry school of a region and district, as the demo registry file lists it. */
function registrySchool(region: string, district: string) {
  const lines = fs
    .readFileSync('tools/demo/registry.csv', 'utf8')
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
  const row = lines
    .slice(1)
    .map((line) => line.split(';'))
    .find((cells) => cells[1] === region && cells[2] === district && cells[8] !== 'Жабылған')
  if (!row) throw new Error(`no school in ${region}, ${district}`)
  return { bin: row[0]!, nameKk: row[4]! }
}

test.describe.configure({ mode: 'serial' })

test('going live: from an empty production server to a teacher studying', async ({ browser }) => {
  test.setTimeout(300_000)
  fs.rmSync(TMP, { recursive: true, force: true })
  fs.mkdirSync(TMP, { recursive: true })
  const smtp: TestSmtp = await startSmtp({ port: SMTP_PORT })
  const server = await startProductionServer()
  const context = await browser.newContext({ baseURL: ORIGIN, locale: 'kk-KZ' })
  try {
    // 1. The first start: no demo data, and it says what to do next.
    expect(server.output()).toContain('npm run admin:create')
    const page = await context.newPage()
    await page.goto('/login')
    await expect(page.getByRole('heading', { name: 'Сайтта әлі әкімші жоқ' })).toBeVisible()

    // 2. The first administrator, made on the console; the password arrives on stdin.
    const weak = runScript('scripts/admin-create.ts', ['--email', ADMIN.email, '--name', ADMIN.name], 'password123\n')
    expect(weak.status).toBe(1)
    const created = runScript('scripts/admin-create.ts', ['--email', ADMIN.email, '--name', ADMIN.name], `${ADMIN.password}\n`)
    expect(created.status, created.output).toBe(0)
    await page.goto('/login')
    await expect(page.getByRole('heading', { name: 'Сайтта әлі әкімші жоқ' })).toHaveCount(0)

    // 3. The national school registry (the generated demo one), in full.
    const registry = runScript('scripts/schools-import.ts', ['tools/demo/registry.csv', '--full'])
    expect(registry.status, registry.output).toBe(0)
    const first = registrySchool('Абай облысы', 'Семей қ.')

    // 4. The administrator logs in and opens two cohorts in the Abai region.
    await page.getByLabel('Электрондық пошта немесе ЖСН').fill(ADMIN.email)
    await page.getByLabel('Құпиясөз').fill(ADMIN.password)
    await page.getByRole('button', { name: 'Кіру' }).click()
    await page.waitForURL((url) => !url.pathname.startsWith('/login'))
    for (const [course, title] of [
      ['e2e-short', 'Семей, қараша ағыны'],
      ['authoring-demo', 'Семей, қосымша ағын'],
    ] as const) {
      await page.goto('/admin/cohorts/new')
      await page.getByLabel('Курс', { exact: true }).selectOption(course)
      await page.getByLabel('Оқу тобының атауы').fill(title)
      await page.getByLabel('Оқыту тілі').selectOption('kk')
      await page.getByLabel('Басталу күні').fill(isoDay(-1))
      await page.getByLabel('Аяқталу күні').fill(isoDay(60))
      await page.getByLabel('Орын саны').fill('30')
      await page.getByLabel('Өңір', { exact: true }).selectOption('KZ-10')
      await page.getByRole('button', { name: 'Оқу тобын құру' }).click()
      await expect(page.getByRole('rowheader', { name: title })).toBeVisible()
    }

    // 5. A school's teacher list as it is typed: a № column, Т.А.Ә., the
    //    region and district by name, one school by name and one by BIN.
    const iins = [uniqueIin(), uniqueIin()]
    const roster = buildXlsx([
      {
        name: 'Педагогтер',
        header: ['№', 'Т.А.Ә.', 'ЖСН', 'Электрондық пошта', 'Облыс', 'Аудан', 'Мектеп'],
        rows: [
          [1, 'Жанар Болатқызы', iins[0]!, 'zhanar@mektep.kz', 'Абай облысы', 'Семей қ.', first.nameKk],
          [2, 'Ерлан Нұрланұлы', iins[1]!, 'erlan@mektep.kz', 'Абай обл.', 'г. Семей', first.bin],
        ],
      },
    ])
    await page.goto('/admin/import')
    const cohortSelect = page.getByLabel('Ағын (файлда «Ағын» бағаны жоқ жолдар үшін)')
    await cohortSelect.selectOption((await cohortSelect.locator('option', { hasText: 'Семей, қараша ағыны' }).getAttribute('value'))!)
    await page
      .getByLabel('Файл (CSV, XLSX немесе Юникод мәтіні)')
      .setInputFiles({ name: 'mektep-1.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(roster) })
    await page.getByRole('button', { name: 'Жүктеу және тексеру' }).click()
    await expect(page.getByRole('status')).toHaveText('Импорт аяқталды.', { timeout: 60_000 })

    // 6. The invitation arrives by real SMTP, with a link on the public origin.
    await expect.poll(() => smtp.messages.filter((m) => m.includes('zhanar@mektep.kz')).length, { timeout: 60_000 }).toBeGreaterThan(0)
    const raw = smtp.messages.find((m) => m.includes('zhanar@mektep.kz'))!
    const { headers, body } = splitMessage(raw)
    const link = decodeBody(headers, body).match(/http:\/\/localhost:\d+\/reset-password\/[a-z0-9]+/)?.[0]
    expect(link, 'the invitation links to the public origin').toBeDefined()

    // 7. The teacher sets a password from it, logs in, studies and enrols in the second cohort.
    const teacher = await browser.newContext({ baseURL: ORIGIN, locale: 'kk-KZ' })
    const t = await teacher.newPage()
    await t.goto(link!)
    await t.getByRole('textbox', { name: 'Жаңа құпиясөз' }).fill('мектептегі-бірінші-күн')
    await t.getByRole('textbox', { name: 'Құпиясөзді қайталаңыз' }).fill('мектептегі-бірінші-күн')
    await t.getByRole('button', { name: 'Құпиясөзді сақтау' }).click()
    await t.waitForURL(/\/login/)
    await t.getByLabel('Электрондық пошта немесе ЖСН').fill(iins[0]!)
    await t.getByLabel('Құпиясөз', { exact: true }).fill('мектептегі-бірінші-күн')
    await t.getByRole('button', { name: 'Кіру' }).click()
    await t.waitForURL((url) => !url.pathname.startsWith('/login'))
    // Enrolled by the import: the course's lessons are open to her.
    await t.goto('/learn/e2e-short')
    await expect(t.getByRole('link', { name: 'Қош келдіңіз' })).toBeVisible()
    // And she enrols herself in the second cohort, and its first lesson opens.
    await t.goto('/courses')
    await t.getByRole('link', { name: 'Авторлық сынақ курсы' }).click()
    await t.getByRole('listitem').filter({ hasText: 'Семей, қосымша ағын' }).getByRole('button', { name: 'Осы топқа жазылу' }).click()
    await t.waitForURL(/\/learn\/authoring-demo\//)
    await expect(t.getByRole('heading', { level: 1 })).toBeVisible()
    await teacher.close()
  } finally {
    await context.close()
    server.process.kill('SIGTERM')
    await new Promise((resolve) => server.process.once('exit', resolve))
    await smtp.close()
  }
})
