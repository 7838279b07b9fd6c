// Takes screenshots of the main pages at 360 and 1280 pixels wide, for people to look at.
//
// npm run screenshots [-- <out-dir>]
//   Starts the built app (run `npm run build` first) on a fresh demo database in
//   tests/.tmp, logs in as each role, and writes every main page in Kazakh and
//   Russian to <out-dir> (default tests/.tmp/screenshots), printing each path.
//   SCREENSHOTS_PORT sets the app's port (default 3390).
//
// node --import tsx scripts/screenshots.ts <base-url> <out-dir> [path|login:email:password ...]
//   Pages of an app that is already running, in the order given.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { openDatabase } from '#db/client.server.ts'
import { DEFAULT_DEMO_PASSWORD } from '#tools/demo/seed.server.ts'

const widths = [360, 1280] as const
const tourLocales = ['kk', 'ru'] as const

interface Role {
  name: string
  email: string | null
  paths: string[]
}

async function newPage(browser: Browser, width: number): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: width === 360 ? 740 : 900 } })
  return { context, page: await context.newPage() }
}

async function login(page: Page, base: string, email: string, password: string) {
  await page.goto(`${base}/login`)
  await page.locator('input[name=login]').fill(email)
  await page.locator('input[name=password]').fill(password)
  await page.locator('form#login button[type=submit]').click()
  await page.waitForURL((url) => !url.pathname.startsWith('/login'))
}

async function shoot(page: Page, base: string, pathname: string, file: string) {
  await page.goto(base + pathname)
  await page.waitForLoadState('networkidle')
  await page.screenshot({ path: file, fullPage: true })
  console.log(file)
}

const slug = (pathname: string) => pathname.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'

/** The older use: a running app, a list of paths and logins. */
async function steps(browser: Browser, base: string, out: string, list: string[]) {
  fs.mkdirSync(out, { recursive: true })
  for (const width of widths) {
    const { context, page } = await newPage(browser, width)
    for (const step of list) {
      if (step.startsWith('login:')) {
        const [, email, password] = step.split(':')
        await login(page, base, email!, password!)
        continue
      }
      await shoot(page, base, step, path.join(out, `${width}-${slug(step)}.png`))
    }
    await context.close()
  }
}

/** Every role's main pages, in each width and language, from a demo app of its own. */
async function tour(browser: Browser, out: string) {
  const port = Number(process.env.SCREENSHOTS_PORT ?? 3390)
  const base = `http://127.0.0.1:${port}`
  const dbFile = path.resolve('tests/.tmp/screenshots.db')
  if (!fs.existsSync('build/server/index.js')) throw new Error('No build: run `npm run build` first.')
  fs.mkdirSync(path.dirname(dbFile), { recursive: true })
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(dbFile + suffix, { force: true })
  fs.rmSync(out, { recursive: true, force: true })
  fs.mkdirSync(out, { recursive: true })
  const server = startServer(port, dbFile)
  try {
    await waitForHealth(base, server)
    const roles = await rolesOf(dbFile)
    // A teacher's first page is the lesson /learn/<course> resumes, a parent's the parents' page: each links to another lesson, shot too.
    for (const locale of tourLocales) {
      for (const width of widths) {
        for (const role of roles) {
          const { context, page } = await newPage(browser, width)
          if (role.email) await login(page, base, role.email, DEFAULT_DEMO_PASSWORD)
          // Remembered on the account too: the demo database is thrown away afterwards.
          await page.request.post(`${base}/set-locale`, { form: { locale, redirectTo: '/' }, headers: { Origin: base } })
          const paths = [...role.paths]
          for (const [index, pathname] of paths.entries()) {
            await shoot(page, base, pathname, path.join(out, `${locale}-${width}-${role.name}-${slug(pathname)}.png`))
            if (index === 0) paths.push(...(await firstLessonLinks(page, role)))
          }
          await context.close()
        }
      }
    }
  } finally {
    server.kill('SIGTERM')
  }
}

function startServer(port: number, dbFile: string): ChildProcess {
  // As the browser tests' server does: not production, so the empty database gets the demo data; no mail leaves it.
  const { SMTP_URL: _smtp, PUBLIC_ORIGIN: _origin, ...inherited } = process.env
  const env = {
    ...inherited,
    NODE_ENV: 'test' as const,
    PORT: String(port),
    HOST: '127.0.0.1',
    DATABASE_URL: dbFile,
    UPLOADS_DIR: path.resolve('tests/.tmp/screenshots-uploads'),
  }
  return spawn(process.execPath, ['--import', 'tsx', 'server/index.ts'], { env, stdio: ['ignore', 'ignore', 'inherit'] })
}

async function waitForHealth(base: string, server: ChildProcess) {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The app stopped at start-up (exit code ${server.exitCode}).`)
    const ready = await fetch(`${base}/healthz`).then(
      (r) => r.ok,
      () => false,
    )
    if (ready) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`The app did not answer on ${base} within two minutes.`)
}

/** The demo accounts and the pages each one reads; the course comes from the demo teacher's enrolment. */
async function rolesOf(dbFile: string): Promise<Role[]> {
  const db = openDatabase(dbFile)
  try {
    const enrolment = await db
      .selectFrom('enrolments')
      .innerJoin('users', 'users.id', 'enrolments.user_id')
      .select('enrolments.course_id')
      .where('users.email', '=', 'teacher@demo.orken.kz')
      .executeTakeFirstOrThrow()
    const course = enrolment.course_id
    return [
      { name: 'guest', email: null, paths: ['/', '/courses', `/courses/${course}`, '/parents', '/verify', '/login', '/register'] },
      {
        name: 'teacher',
        email: 'teacher@demo.orken.kz',
        paths: [`/learn/${course}`, '/', '/courses', `/courses/${course}`, '/certificates', '/surveys', '/support', '/account'],
      },
      { name: 'parent', email: 'parent@demo.orken.kz', paths: ['/parents', '/', '/account'] },
      { name: 'coordinator', email: 'coordinator@demo.orken.kz', paths: ['/centre'] },
      { name: 'trainer', email: 'trainer@demo.orken.kz', paths: ['/author', '/trainer', `/author/${course}`, '/trainer/support'] },
      {
        name: 'admin',
        email: 'admin@demo.orken.kz',
        paths: [
          '/admin',
          '/admin/users',
          '/admin/cohorts',
          '/admin/import',
          '/admin/certificates',
          '/admin/surveys',
          '/admin/parents',
          '/admin/schools',
          '/admin/events',
          '/admin/targets',
          '/admin/accreditation',
          '/admin/audit',
          '/admin/outbox',
        ],
      },
    ]
  } finally {
    await db.destroy()
  }
}

/** From a lesson (where /learn/<course> resumes) or the parents' page, the first other lesson it links to. */
async function firstLessonLinks(page: Page, role: Role): Promise<string[]> {
  const pattern = role.name === 'teacher' ? /^\/learn\/[^/]+\/[^/]+\/[^/#?]+$/ : role.name === 'parent' ? /^\/parents\/[^/]+\/[^/]+\/[^/#?]+$/ : null
  if (!pattern) return []
  const here = new URL(page.url()).pathname
  const hrefs = await page.locator('main a[href]').evaluateAll((links) => links.map((a) => a.getAttribute('href') ?? ''))
  const other = hrefs.find((href) => pattern.test(href) && href !== here)
  return other ? [other] : []
}

const args = process.argv.slice(2)
const browser = await chromium.launch({
  executablePath: fs.existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
})
try {
  if (args[0]?.startsWith('http')) await steps(browser, args[0], args[1] ?? 'tests/.tmp/screenshots', args.slice(2))
  else await tour(browser, args[0] ?? 'tests/.tmp/screenshots')
} finally {
  await browser.close()
}
