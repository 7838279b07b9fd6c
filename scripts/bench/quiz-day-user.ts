// One simulated teacher of npm run bench:quiz-day: a browser without
// JavaScript (every page a full document, every answer the quiz form's own
// POST), with its own cookies, its own keep-alive socket and its own client
// address (X-Forwarded-For), so the per-address login limit sees 2,000 people.
import http from 'node:http'
import { promisify } from 'node:util'
import zlib from 'node:zlib'
import type { Random } from '#tools/simulate/random.ts'

const gunzip = promisify(zlib.gunzip)
const REQUEST_TIMEOUT_MS = 120_000
// A phone's browser: isbot() must not take us for a crawler (it would wait for the whole page).
export const USER_AGENT = 'Mozilla/5.0 (Linux; Android 13; SM-A135F) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Mobile Safari/537.36'

/** Correct options by quiz id, then question id: what a teacher who studied knows. */
export type AnswerKey = Map<string, Map<string, string[]>>

export interface Teacher {
  email: string
  password: string
  /** The client address the proxy in front of the server reports. */
  address: string
  /** How long after the run's start this teacher opens the login form (the Moodle shape's ramp). */
  startAfterMs?: number
}

export interface QuizDayRun {
  origin: string
  course: string
  pages: number
  timeScale: number
  /** Chance that a question is answered right. */
  knowledge: number
  key: AnswerKey
  /** Called once per step: its latency, or why it failed. */
  record: (step: string, ms: number, error: string | null) => void
  onRequest: () => void
  /** A request sent again after its kept-alive connection was closed under it. */
  onRetry: () => void
  onPageAnswered: () => void
  /**
   * The synchronizing point of the Moodle shape, after opening the course:
   * `arrive` resolves when every teacher has arrived (or stopped by an
   * error, which `leave` reports). Without it each teacher goes straight on.
   */
  barrier?: { arrive: () => Promise<void>; leave: () => void }
}

class StepError extends Error {}
class ReusedSocketError extends StepError {}

interface Page {
  status: number
  location: string | null
  html: string
}

/** A minimal browser: cookies, one kept-alive connection, gzip. */
class Browser {
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 1 })
  private readonly cookies = new Map<string, string>()

  constructor(
    private readonly run: QuizDayRun,
    private readonly address: string,
  ) {}

  hasCookie(name: string): boolean {
    return this.cookies.has(name)
  }

  close() {
    this.agent.destroy()
  }

  async request(method: 'GET' | 'POST', path: string, form?: URLSearchParams): Promise<Page> {
    try {
      return await this.send(method, path, form)
    } catch (error) {
      // The server closed the kept-alive connection just as the request left
      // (its idle timeout): a browser sends it again on a new connection.
      if (!(error instanceof ReusedSocketError)) throw error
      this.run.onRetry()
      return this.send(method, path, form)
    }
  }

  private send(method: 'GET' | 'POST', path: string, form?: URLSearchParams): Promise<Page> {
    const url = new URL(path, this.run.origin)
    const body = form ? Buffer.from(form.toString()) : null
    const headers: Record<string, string> = {
      'user-agent': USER_AGENT,
      accept: 'text/html,application/xhtml+xml',
      'accept-encoding': 'gzip',
      'x-forwarded-for': this.address,
    }
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    if (body) {
      headers['content-type'] = 'application/x-www-form-urlencoded'
      headers['content-length'] = String(body.length)
      headers.origin = this.run.origin
    }
    this.run.onRequest()
    return new Promise<Page>((resolve, reject) => {
      const req = http.request(url, { method, agent: this.agent, headers }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          clearTimeout(timer)
          for (const cookie of res.headers['set-cookie'] ?? []) {
            const [pair = '', ...attributes] = cookie.split(';')
            const eq = pair.indexOf('=')
            const name = pair.slice(0, eq).trim()
            const value = pair.slice(eq + 1).trim()
            const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=thu, 01 jan 1970/i.test(a))
            if (!value || expired) this.cookies.delete(name)
            else this.cookies.set(name, value)
          }
          const raw = Buffer.concat(chunks)
          const decoded = res.headers['content-encoding'] === 'gzip' ? gunzip(raw) : Promise.resolve(raw)
          decoded.then((buffer) => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null, html: buffer.toString('utf8') }), reject)
        })
      })
      const timer = setTimeout(() => req.destroy(new StepError('timeout')), REQUEST_TIMEOUT_MS)
      req.on('error', (error) => {
        clearTimeout(timer)
        const code = (error as NodeJS.ErrnoException).code
        if (req.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')) reject(new ReusedSocketError(code))
        else reject(error instanceof StepError ? error : new StepError(code ?? error.message))
      })
      req.end(body ?? undefined)
    })
  }
}

function expectStatus(page: Page, status: number, what: string) {
  if (page.status !== status) throw new StepError(`HTTP ${page.status} (${what})`)
}

const attributesOf = (tag: string) => Object.fromEntries([...tag.matchAll(/([a-zA-Z][\w.:-]*)="([^"]*)"/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]))

interface QuizForm {
  action: string
  quizId: string
  hidden: [string, string][]
  /** Options by question id, in page order. */
  questions: Map<string, { type: 'radio' | 'checkbox'; values: string[] }>
}

/** The quiz form of a lesson page, as a browser sees it. */
function quizForm(html: string): QuizForm {
  const match = /<form([^>]*class="quiz__form"[^>]*)>([\s\S]*?)<\/form>/.exec(html)
  if (!match) throw new StepError('no quiz form on the page')
  const action = attributesOf(match[1]!).action
  if (!action) throw new StepError('quiz form without action')
  const hidden: [string, string][] = []
  const questions: QuizForm['questions'] = new Map()
  for (const tag of match[2]!.match(/<input\b[^>]*>/g) ?? []) {
    const a = attributesOf(tag)
    if (!a.name) continue
    if (a.type === 'hidden') hidden.push([a.name, a.value ?? ''])
    else if ((a.type === 'radio' || a.type === 'checkbox') && a.name.startsWith('answer.')) {
      const q = questions.get(a.name.slice('answer.'.length)) ?? { type: a.type, values: [] }
      q.values.push(a.value ?? 'on')
      questions.set(a.name.slice('answer.'.length), q)
    }
  }
  const quizId = hidden.find(([name]) => name === 'quizId')?.[1]
  if (!quizId || !questions.size) throw new StepError('quiz form without questions')
  return { action, quizId, hidden, questions }
}

/** The course page's link to the enrolment's next step (components/next-step-notice.tsx). */
function nextStepLink(html: string): string | null {
  for (const tag of html.match(/<a\b[^>]*>/g) ?? []) {
    const a = attributesOf(tag)
    if (a.class?.split(' ').includes('next-step__link') && a.href) return a.href
  }
  return null
}

function nextLink(html: string): string | null {
  for (const tag of html.match(/<a\b[^>]*>/g) ?? []) {
    const a = attributesOf(tag)
    if (a.rel === 'next' && a.href) return a.href
  }
  return null
}

/** Right with probability `knowledge`; otherwise one plausible mistake. */
function choose(rng: Random, form: QuizForm, key: AnswerKey, knowledge: number): URLSearchParams {
  const body = new URLSearchParams(form.hidden)
  for (const [questionId, q] of form.questions) {
    const correct = (key.get(form.quizId)?.get(questionId) ?? []).filter((v) => q.values.includes(v))
    let chosen: string[]
    if (correct.length && rng.chance(knowledge)) chosen = correct
    else if (q.type === 'radio') {
      const wrong = q.values.filter((v) => !correct.includes(v))
      chosen = [rng.pick(wrong.length ? wrong : q.values)]
    } else {
      const toggled = rng.pick(q.values)
      chosen = correct.includes(toggled) ? correct.filter((v) => v !== toggled) : [...correct, toggled]
      if (!chosen.length) chosen = [rng.pick(q.values.filter((v) => v !== toggled))]
    }
    // In the page's order, as a browser serialises a form.
    for (const value of q.values) if (chosen.includes(value)) body.append(`answer.${questionId}`, value)
  }
  return body
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

/**
 * The teacher's morning: log in, open the course (and wait at the
 * synchronizing point, if the run has one) and the test, then answer a page
 * every 30–90 s (times timeScale). Returns whether every step succeeded;
 * the first failure ends the teacher's run (the rest depends on it).
 */
export async function runTeacher(run: QuizDayRun, teacher: Teacher, rng: Random): Promise<boolean> {
  const browser = new Browser(run, teacher.address)
  const step = async <T>(name: string, action: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      const result = await action()
      run.record(name, performance.now() - started, null)
      return result
    } catch (error) {
      run.record(name, performance.now() - started, error instanceof StepError ? error.message : String(error))
      throw error
    }
  }
  let arrived = false
  try {
    if (teacher.startAfterMs) await sleep(teacher.startAfterMs)
    await step('login form', async () => {
      const page = await browser.request('GET', '/login')
      expectStatus(page, 200, 'GET /login')
      if (!page.html.includes('name="password"')) throw new StepError('login page without a password field')
    })
    await step('log in', async () => {
      const posted = await browser.request('POST', '/login', new URLSearchParams({ redirectTo: '', login: teacher.email, password: teacher.password }))
      expectStatus(posted, 302, 'POST /login')
      if (!browser.hasCookie('orken_session')) throw new StepError('no session cookie after login')
      expectStatus(await browser.request('GET', posted.location ?? '/'), 200, 'home after login')
    })
    const coursePage = await step('open course', async () => {
      const page = await browser.request('GET', `/courses/${run.course}`)
      expectStatus(page, 200, 'course page')
      return page.html
    })
    if (run.barrier) {
      arrived = true
      await run.barrier.arrive()
    }
    // The course page's next step, the link a teacher clicks: the test's first page.
    let lesson = await step('open test (page 1)', async () => {
      const link = nextStepLink(coursePage)
      if (!link) throw new StepError('no next step on the course page')
      const page = await browser.request('GET', link)
      expectStatus(page, 200, 'page 1')
      return { path: link, html: page.html, form: quizForm(page.html) }
    })
    for (let n = 1; n <= run.pages; n++) {
      await sleep(rng.int(30_000, 90_000) * run.timeScale)
      const answered = await step(`answer page ${n}`, async () => {
        const action = lesson.form.action.split('#')[0]!
        const posted = await browser.request('POST', action, choose(rng, lesson.form, run.key, run.knowledge))
        expectStatus(posted, 302, `POST page ${n}`)
        if (!posted.location?.endsWith(`#quiz-${lesson.form.quizId}`)) throw new StepError(`answer not accepted (redirect to ${posted.location})`)
        const result = await browser.request('GET', posted.location.split('#')[0]!)
        expectStatus(result, 200, `result of page ${n}`)
        if (!result.html.includes('quiz__result')) throw new StepError('answer not recorded (no result on the page)')
        return result.html
      })
      run.onPageAnswered()
      if (n === run.pages) break
      lesson = await step(`open page ${n + 1}`, async () => {
        const next = nextLink(answered)
        if (!next) throw new StepError(`no next link on page ${n}`)
        const page = await browser.request('GET', next)
        expectStatus(page, 200, `page ${n + 1}`)
        const form = quizForm(page.html)
        if (form.quizId === lesson.form.quizId) throw new StepError(`page ${n + 1} shows the quiz of page ${n}`)
        return { path: next, html: page.html, form }
      })
    }
    return true
  } catch {
    if (!arrived) run.barrier?.leave()
    return false
  } finally {
    browser.close()
  }
}
