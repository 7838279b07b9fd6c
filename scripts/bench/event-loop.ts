// npm run bench:event-loop — does any long job hold the server? Starts the
// built server (one process, which runs the jobs) on a fresh database and runs
// each long job in turn as an admin would, over HTTP: the national roster
// import, a ZIP of a cohort's 1,000 certificates, compiling the largest course
// in the author's live preview (every lesson, both languages), and the annual
// data pack. Meanwhile a thread of its own asks /healthz every 20 ms. Prints
// per job its duration, the slowest /healthz and the server's own longest
// event-loop delay (nodejs_eventloop_delay_max_seconds, scraped just before
// and just after), beside the target (< 50 ms), and the CPU time the server
// spent on it: on its main thread (the event loop), in all its threads, and
// how long the main thread waited for a core (other programs on the machine);
// then the garbage collections that paused the main thread meanwhile, by kind.
// BENCH_ROWS (52,400) and BENCH_CERTIFICATES (1,000) make it smaller;
// BENCH_PROF=<dir> writes the server's CPU profile there, to find what held it;
// BENCH_JOBS=zip,pack runs only the jobs whose names contain those words.
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { openDatabase, type Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { setPublicOrigin } from '#app/core/public-origin.server.ts'
import { addCourseEditor } from '#app/modules/authoring/access.server.ts'
import { hashPassword } from '#app/modules/auth/password.server.ts'
import { issueCertificate } from '#app/modules/certificates/issue.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { enrol } from '#app/modules/courses/enrolment.server.ts'
import { insertFixtureSchools } from '#tests/fixtures/schools.ts'
import { createUser, TEST_PASSWORD } from '#tests/fixtures/users.ts'
import { testWork } from '#tests/setup/work.ts'
import { benchCohortRow, insertBenchSchools, NATIONAL_ROWS, nationalRosterCsv } from './national-roster.ts'
import { treeCpuMs } from './process-sampler.ts'
import { fmt, startBenchServer } from './server.ts'

const PORT = Number(process.env.BENCH_PORT ?? 3199)
const ROWS = Number(process.env.BENCH_ROWS ?? NATIONAL_ROWS)
const CERTIFICATES = Number(process.env.BENCH_CERTIFICATES ?? 1_000)
const IMPORT_COURSE = 'bullying-prevention'
const COHORTS = 20
const TARGET_MS = 50
const METRICS_TOKEN = 'bench-event-loop-metrics-token'
const ONLY = (process.env.BENCH_JOBS ?? '')
  .split(',')
  .map((w) => w.trim().toLowerCase())
  .filter(Boolean)

/** The course whose lessons are the most MDX, and every lesson file of it. */
function largestCourse(): { course: string; lessons: { lang: 'kk' | 'ru' | 'en'; file: string }[]; bytes: number } {
  const root = 'content/courses'
  let best: { course: string; lessons: { lang: 'kk' | 'ru' | 'en'; file: string }[]; bytes: number } | null = null
  for (const course of fs.readdirSync(root)) {
    const lessons: { lang: 'kk' | 'ru' | 'en'; file: string }[] = []
    let bytes = 0
    for (const lang of ['kk', 'ru', 'en'] as const) {
      const dir = path.join(root, course, lang)
      if (!fs.existsSync(dir)) continue
      for (const file of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.mdx'))) {
        lessons.push({ lang, file: path.join(dir, file) })
        bytes += fs.statSync(path.join(dir, file)).size
      }
    }
    if (!best || bytes > best.bytes) best = { course, lessons, bytes }
  }
  if (!best) throw new Error('no course in content/courses')
  return best
}

/** A cohort of `count` teachers who completed it, each with a certificate (rendered after its commit, as the app does). */
async function cohortWithCertificates(db: Database, count: number): Promise<string> {
  const cohort = await benchCohortRow(db, IMPORT_COURSE, 'Сертификаттар архиві', count)
  await db.insertInto('cohorts').values(cohort).execute()
  const passwordHash = await hashPassword(TEST_PASSWORD)
  const stamp = nowIso()
  const today = stamp.slice(0, 10)
  const work = testWork(db)
  for (let i = 0; i < count; i++) {
    const id = newId()
    const fullName = `Сертификат Иесі ${String(i + 1).padStart(4, '0')}`
    await db
      .insertInto('users')
      .values({
        id,
        email: `holder${i}@bench.example.kz`,
        iin: null,
        full_name: fullName,
        search_text: fullName.toLowerCase(),
        region_code: 'KZ-75',
        school_id: null,
        password_hash: passwordHash,
        locale: 'kk',
        is_active: 1,
        is_demo: 0,
        created_at: stamp,
        updated_at: stamp,
      })
      .execute()
    const enrolled = await enrol(work, { userId: id, cohortId: cohort.id, source: 'admin', today })
    if (!enrolled.ok) throw new Error(`could not enrol: ${enrolled.error}`)
    await db
      .updateTable('enrolments')
      .set({ status: 'completed', lessons_done: 3, completed_at: stamp, ended_at: stamp })
      .where('id', '=', enrolled.enrolmentId)
      .execute()
    const issued = await issueCertificate(work, enrolled.enrolmentId)
    if (!issued.ok) throw new Error(`could not issue: ${issued.error}`)
  }
  return cohort.id
}

/** /healthz every 20 ms from a thread of its own, so that this process's work never delays a sample. */
function startHealthSampler(url: string) {
  const worker = new Worker(
    `const { parentPort, workerData } = require('node:worker_threads')
    let slowest = 0, polls = 0, failures = 0, stop = false
    parentPort.on('message', (m) => {
      if (m === 'stop') stop = true
      else { parentPort.postMessage({ slowest, polls, failures }); slowest = 0; polls = 0; failures = 0 }
    })
    ;(async () => {
      while (!stop) {
        const t = performance.now()
        try { const r = await fetch(workerData.url); await r.arrayBuffer(); if (!r.ok) failures++ } catch { failures++ }
        slowest = Math.max(slowest, performance.now() - t)
        polls++
        await new Promise((r) => setTimeout(r, 20))
      }
    })()`,
    { eval: true, workerData: { url: `${url}/healthz` } },
  )
  return {
    /** The slowest answer since the previous call, and how many there were. */
    take: () =>
      new Promise<{ slowest: number; polls: number; failures: number }>((resolve) => {
        worker.once('message', resolve)
        worker.postMessage('take')
      }),
    stop: async () => {
      worker.postMessage('stop')
      await worker.terminate()
    },
  }
}

/** The main thread's time on a core and waiting for one, in ms (/proc/<pid>/task/<pid>/schedstat, Linux). */
function mainThreadMs(pid: number): { ran: number; waited: number } {
  try {
    const [ran, waited] = fs.readFileSync(`/proc/${pid}/task/${pid}/schedstat`, 'utf8').split(' ').map(Number)
    return { ran: ran! / 1e6, waited: waited! / 1e6 }
  } catch {
    return { ran: NaN, waited: NaN }
  }
}

const server = await startBenchServer(PORT, { METRICS_TOKEN })
// Certificates issued here carry the server's address in their QR code, as the server's own would.
setPublicOrigin(server.url)
try {
  const setupStarted = performance.now()
  const db = openDatabase(server.dbFile)
  await insertFixtureSchools(db)
  const schools = await insertBenchSchools(db)
  const cohorts = await Promise.all(
    Array.from({ length: COHORTS }, (_, i) => benchCohortRow(db, IMPORT_COURSE, `Ұлттық ағын ${i + 1}`, Math.ceil(ROWS / COHORTS) + 100)),
  )
  await db.insertInto('cohorts').values(cohorts).execute()
  const admin = await createUser(db, { roles: ['admin', 'trainer'] })
  const largest = largestCourse()
  await addCourseEditor(db, largest.course, admin.id, null)
  const certificateCohort = await cohortWithCertificates(db, CERTIFICATES)
  await db.destroy()
  const csv = nationalRosterCsv(
    ROWS,
    schools,
    cohorts.map((c) => c.id),
  )
  console.log(
    `Set-up in ${fmt((performance.now() - setupStarted) / 1000, 1)} s: a roster of ${fmt(ROWS)} rows (${fmt(csv.byteLength / 1024 / 1024, 1)} MB), ${fmt(CERTIFICATES)} certificates in one cohort, the largest course ${largest.course} (${largest.lessons.length} lessons, ${fmt(largest.bytes / 1024)} KB of MDX)`,
  )

  // The setup's SQLite calls never left this process's event loop: let it see the connections the server closed meanwhile.
  await new Promise((resolve) => setTimeout(resolve, 100))
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: server.url },
    body: new URLSearchParams({ login: admin.email, password: TEST_PASSWORD }),
  })
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ')
  const headers = { cookie, Origin: server.url }

  const scrape = async () => {
    const body = await (await fetch(`${server.url}/metrics`, { headers: { Authorization: `Bearer ${METRICS_TOKEN}` } })).text()
    const lines = body.split('\n')
    const line = lines.find((l) => l.startsWith('nodejs_eventloop_delay_max_seconds '))
    /** The server thread's garbage collections so far, by kind: how many, and their pauses in ms. */
    const gc = new Map<string, { runs: number; ms: number }>()
    for (const l of lines) {
      const m = /^nodejs_gc_(runs|duration_seconds)_total\{kind="([^"]+)"\} (\S+)$/.exec(l)
      if (!m) continue
      const total = gc.get(m[2]!) ?? { runs: 0, ms: 0 }
      if (m[1] === 'runs') total.runs = Number(m[3])
      else total.ms = Number(m[3]) * 1000
      gc.set(m[2]!, total)
    }
    return { loopMax: line ? Number(line.split(' ')[1]) * 1000 : NaN, gc }
  }
  const loopMax = async () => (await scrape()).loopMax
  const poll = openDatabase(server.dbFile)
  /** Waits for a job of the jobs table to end; its status. */
  const jobEnd = async (jobId: string) => {
    for (;;) {
      const job = await poll.selectFrom('jobs').select(['status', 'result']).where('id', '=', jobId).executeTakeFirstOrThrow()
      if (job.status !== 'running') return job.status
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  const allJobs: { name: string; run: () => Promise<string> }[] = [
    {
      name: `national import (${fmt(ROWS)} rows)`,
      run: async () => {
        const form = new FormData()
        form.set('cohortId', '')
        form.set('sheet', '')
        form.set('file', new File([csv], 'national-roster.csv', { type: 'text/csv' }))
        const uploaded = await fetch(`${server.url}/admin/import`, { method: 'POST', redirect: 'manual', headers, body: form })
        if (uploaded.status !== 302) throw new Error(`upload answered ${uploaded.status}: ${(await uploaded.text()).slice(0, 300)}`)
        return jobEnd(uploaded.headers.get('location')!.split('/').pop()!)
      },
    },
    {
      name: `ZIP of ${fmt(CERTIFICATES)} certificates`,
      run: async () => {
        const started = await fetch(`${server.url}/admin/certificates`, {
          method: 'POST',
          redirect: 'manual',
          headers,
          body: new URLSearchParams({ intent: 'zip', cohortId: certificateCohort }),
        })
        if (started.status !== 302) throw new Error(`the ZIP form answered ${started.status}: ${(await started.text()).slice(0, 300)}`)
        return jobEnd(started.headers.get('location')!.split('/').pop()!)
      },
    },
    {
      name: `compile ${largest.course} (${largest.lessons.length} lessons)`,
      run: async () => {
        // A mark of this run in each source, so that no compile is answered from the cache.
        const mark = Date.now().toString(36)
        let failed = 0
        for (const lesson of largest.lessons) {
          const source = `${fs.readFileSync(lesson.file, 'utf8')}\n\n${mark}\n`
          const res = await fetch(`${server.url}/author/${largest.course}/preview`, {
            method: 'POST',
            headers,
            body: new URLSearchParams({ source, lang: lesson.lang }),
          })
          if (!res.ok || !((await res.json()) as { ok: boolean }).ok) failed++
        }
        return failed ? `${failed} failed` : 'done'
      },
    },
    {
      name: 'annual data pack',
      run: async () => {
        const res = await fetch(`${server.url}/admin/dashboard/pack/${nowIso().slice(0, 4)}.xlsx`, { headers })
        const bytes = (await res.arrayBuffer()).byteLength
        return res.ok ? `${fmt(bytes / 1024)} KB` : `HTTP ${res.status}`
      },
    },
  ]

  const jobs = ONLY.length ? allJobs.filter((j) => ONLY.some((w) => j.name.toLowerCase().includes(w))) : allJobs
  const sampler = startHealthSampler(server.url)
  // The first window ran since the server started, its boot included: a quiet second of its own instead.
  await loopMax()
  await sampler.take()
  await new Promise((r) => setTimeout(r, 1_000))
  const quietLoop = await loopMax()
  const quiet = await sampler.take()
  console.log(`\nquiet for 1 s: slowest /healthz ${fmt(quiet.slowest)} ms, server's longest delay ${fmt(quietLoop)} ms\n`)
  const width = Math.max(...jobs.map((j) => j.name.length))
  console.log(
    `${'job'.padEnd(width)}  ${'outcome'.padEnd(10)}  ${'seconds'.padStart(7)}  ${'slowest /healthz'.padStart(16)}  ${'loop max'.padStart(9)}  target < ${TARGET_MS} ms  ${'CPU: main thread / all threads, main waited'}`,
  )
  const held: string[] = []
  for (const job of jobs) {
    const gcBefore = (await scrape()).gc
    await sampler.take()
    const mainBefore = mainThreadMs(server.pid)
    const allBefore = treeCpuMs(server.pid)
    const started = performance.now()
    const outcome = await job.run()
    const seconds = (performance.now() - started) / 1000
    const mainAfter = mainThreadMs(server.pid)
    const all = treeCpuMs(server.pid) - allBefore
    const health = await sampler.take()
    const { loopMax: loop, gc: gcAfter } = await scrape()
    const met = Math.max(health.slowest, loop) < TARGET_MS
    if (!met) held.push(job.name)
    console.log(
      `${job.name.padEnd(width)}  ${outcome.slice(0, 10).padEnd(10)}  ${fmt(seconds, 1).padStart(7)}  ${(health.polls ? `${fmt(health.slowest)} ms` : 'none answered').padStart(16)}  ${`${fmt(loop)} ms`.padStart(9)}  ${(met ? 'MET' : 'NOT MET').padEnd(7)}  ${fmt(mainAfter.ran - mainBefore.ran)} / ${fmt(all)} ms, ${fmt(mainAfter.waited - mainBefore.waited)} ms  (${fmt(health.polls)} polls${health.failures ? `, ${health.failures} failed` : ''})`,
    )
    const collections = [...gcAfter]
      .map(([kind, total]) => ({ kind, runs: total.runs - (gcBefore.get(kind)?.runs ?? 0), ms: total.ms - (gcBefore.get(kind)?.ms ?? 0) }))
      .filter((c) => c.runs > 0)
      .map((c) => `${c.kind} ${fmt(c.runs)}× ${fmt(c.ms)} ms`)
    console.log(`${' '.repeat(width)}  garbage collection on the server's thread: ${collections.join(', ') || 'none'}`)
  }
  await sampler.stop()
  await poll.destroy()
  console.log(
    held.length
      ? `\nHeld the loop past ${TARGET_MS} ms: ${held.join('; ')}. Run again with BENCH_PROF=<dir> for the server's CPU profile (open it in Chrome's DevTools).`
      : `\nNo job held the server's event loop past ${TARGET_MS} ms.`,
  )
  console.log("(the slowest /healthz includes this machine's scheduling: with other programs busy on the cores it can exceed the server's own delay)")
} finally {
  await server.stop()
}
