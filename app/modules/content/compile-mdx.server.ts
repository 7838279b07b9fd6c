import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import type { Worker } from 'node:worker_threads'
import { startTsWorker } from '#app/core/ts-worker.server.ts'
import type { QuizKey } from './manifest.ts'
import { ALLOWED_COMPONENTS, MAX_LESSON_COMPONENTS, tooManyComponentsProblem, type ContentProblem, type LessonFacts } from './remark-orken.server.ts'

// The MDX pipeline, in one place. A compiled bundle is cached under the SHA-256
// of its source plus COMPILER_KEY, which names the compiler's and plugins'
// versions: upgrading any of them compiles every lesson afresh.

const PIPELINE_VERSION = 4

const require = createRequire(import.meta.url)
function versionOf(pkg: string): string {
  try {
    const file = require.resolve(`${pkg}/package.json`)
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { version: string }).version
  } catch {
    return 'unknown'
  }
}

export const COMPILER_KEY = createHash('sha256')
  .update(JSON.stringify({ pipeline: PIPELINE_VERSION, mdxBundler: versionOf('mdx-bundler'), esbuild: versionOf('esbuild'), components: ALLOWED_COMPONENTS }))
  .digest('hex')
  .slice(0, 16)

export function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex')
}

export function bundleCacheKey(source: string): string {
  return `${sha256(source)}:${COMPILER_KEY}`
}

export interface CompiledLesson {
  ok: true
  code: string
  frontmatter: { title: string; minutes: number }
  quizzes: QuizKey[]
  reflections: string[]
  links: LessonFacts['links']
}

export interface FailedLesson {
  ok: false
  problems: ContentProblem[]
}

/** How many compiles this process has run (a test shows a lesson view runs none). */
export const compileStats = { count: 0 }

/**
 * The longest a compile may take (its own time, not its wait in the queue).
 * The largest lesson in content/ compiles in well under a second; a lesson
 * still compiling after this is stopped and reported as too complex.
 */
export const COMPILE_TIME_LIMIT_MS = 10_000

// Compiles run in one worker thread, one at a time (esbuild is memory-hungry),
// so that no compile holds this process's event loop: a preview of 6,000
// elements once held the server for 26 s.
const WORKER_FILE = 'app/modules/content/compile-worker.server.ts'

interface CompileWorker {
  worker: Worker
  ready: Promise<void>
  pending: Map<number, (result: CompiledLesson | FailedLesson) => void>
}
let current: CompileWorker | null = null
let nextId = 1

function startWorker(): CompileWorker {
  const worker = startTsWorker(WORKER_FILE)
  const pending = new Map<number, (result: CompiledLesson | FailedLesson) => void>()
  let started: () => void
  const ready = new Promise<void>((resolve) => (started = resolve))
  const self: CompileWorker = { worker, ready, pending }
  worker.on('message', (message: { ready: true } | { id: number; result: CompiledLesson | FailedLesson }) => {
    if ('ready' in message) return started()
    pending.get(message.id)?.(message.result)
    pending.delete(message.id)
  })
  const fail = (problem: ContentProblem) => {
    if (current === self) current = null
    started()
    for (const settle of pending.values()) settle({ ok: false, problems: [problem] })
    pending.clear()
  }
  worker.on('error', (error) => fail({ line: 1, column: 1, message: `the compiler failed: ${error.message}` }))
  worker.on('exit', (code) => fail({ line: 1, column: 1, message: `the compiler stopped (exit code ${code})` }))
  // An idle worker does not keep a script or test process alive.
  worker.unref()
  return self
}

async function compileInWorker(source: string, timeLimitMs: number): Promise<CompiledLesson | FailedLesson> {
  current ??= startWorker()
  const { worker, ready, pending } = current
  const id = nextId++
  worker.ref()
  try {
    await ready
    return await new Promise<CompiledLesson | FailedLesson>((resolve) => {
      const timer = setTimeout(() => {
        // Terminating drops the compile and its memory; the next one starts a fresh worker.
        if (current?.worker === worker) current = null
        pending.delete(id)
        void worker.terminate()
        const seconds = Math.max(1, Math.round(timeLimitMs / 1000))
        resolve({ ok: false, problems: [{ line: 1, column: 1, message: `the lesson did not compile within ${seconds} s`, key: 'content.compile.tooComplex', params: { seconds } }] })
      }, timeLimitMs)
      pending.set(id, (result) => {
        clearTimeout(timer)
        resolve(result)
      })
      worker.postMessage({ id, source })
    })
  } finally {
    worker.unref()
  }
}

// esbuild is memory-hungry: compile one lesson at a time.
let queue: Promise<unknown> = Promise.resolve()

/** Components a source may hold, counted as `<` and a capital letter: never fewer than the parsed tree has. */
function tooManyComponents(source: string): boolean {
  return (source.match(/<[A-Z]/g)?.length ?? 0) > MAX_LESSON_COMPONENTS
}

/** Compiles one lesson's MDX in the compile worker. Never throws for bad content: problems come back with lines. */
export function compileLesson(source: string, options: { timeLimitMs?: number } = {}): Promise<CompiledLesson | FailedLesson> {
  // Parsing alone takes seconds at this size: such a lesson is refused before it waits for the worker.
  if (tooManyComponents(source)) return Promise.resolve({ ok: false, problems: [tooManyComponentsProblem] })
  const run = queue.then(() => {
    compileStats.count++
    return compileInWorker(source, options.timeLimitMs ?? COMPILE_TIME_LIMIT_MS)
  })
  queue = run.catch(() => undefined)
  return run
}
