import { createHash } from 'node:crypto'
import fs from 'node:fs'
import { createRequire } from 'node:module'
import { bundleMDX } from 'mdx-bundler'
import { LessonFrontmatterSchema, type QuizKey } from './manifest.ts'
import { ALLOWED_COMPONENTS, remarkOrken, type ContentProblem, type LessonFacts } from './remark-orken.server.ts'

// The MDX pipeline, in one place. A compiled bundle is cached under the SHA-256
// of its source plus COMPILER_KEY, which names the compiler's and plugins'
// versions: upgrading any of them compiles every lesson afresh.

const PIPELINE_VERSION = 3

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

function frontmatterLine(source: string, key: string): number {
  const lines = source.split('\n')
  const index = lines.findIndex((l) => l.startsWith(`${key}:`))
  return index >= 0 ? index + 1 : 1
}

/** How many compiles this process has run (a test shows a lesson view runs none). */
export const compileStats = { count: 0 }

// esbuild is memory-hungry: compile one lesson at a time.
let queue: Promise<unknown> = Promise.resolve()

/** Compiles one lesson's MDX. Never throws for bad content: problems come back with lines. */
export function compileLesson(source: string): Promise<CompiledLesson | FailedLesson> {
  const run = queue.then(() => compileNow(source))
  queue = run.catch(() => undefined)
  return run
}

async function compileNow(source: string): Promise<CompiledLesson | FailedLesson> {
  compileStats.count++
  const facts: LessonFacts = { problems: [], quizzes: [], reflections: [], links: [] }
  let result
  try {
    result = await bundleMDX({
      source,
      mdxOptions(options) {
        options.remarkPlugins = [...(options.remarkPlugins ?? []), remarkOrken(facts)]
        return options
      },
      esbuildOptions(options) {
        options.minify = true
        options.target = ['es2020']
        options.logLevel = 'silent'
        return options
      },
    })
  } catch (error) {
    return { ok: false, problems: [...facts.problems, ...esbuildProblems(error)] }
  }
  const frontmatter = LessonFrontmatterSchema.safeParse(result.frontmatter)
  if (!frontmatter.success) {
    for (const issue of frontmatter.error.issues) {
      const key = String(issue.path[0] ?? '')
      facts.problems.push({ line: frontmatterLine(source, key), column: 1, message: `frontmatter ${key || ''}: ${issue.message}`.trim() })
    }
  }
  if (facts.problems.length || !frontmatter.success) return { ok: false, problems: facts.problems }
  return { ok: true, code: result.code, frontmatter: frontmatter.data, quizzes: facts.quizzes, reflections: facts.reflections, links: facts.links }
}

// MDX reports positions inside its message ("1:1: Expected a closing tag for
// `<div>` (20:1-20:6)"); esbuild's own location points at line 0 of a virtual file.
function positionIn(text: string): { line: number; column: number } | null {
  const match = /\((\d+):(\d+)(?:-\d+:\d+)?\)\s*$/.exec(text) ?? /^(\d+):(\d+)(?:-\d+:\d+)?:/.exec(text.replace(/^.*?with esbuild:\s*/, ''))
  return match ? { line: Number(match[1]), column: Number(match[2]) } : null
}

function esbuildProblems(error: unknown): ContentProblem[] {
  const errors = (error as { errors?: { text: string; location?: { line: number; column: number } | null }[] }).errors
  if (Array.isArray(errors) && errors.length) {
    return errors.map((e) => {
      const at = positionIn(e.text) ?? (e.location?.line ? { line: e.location.line, column: e.location.column + 1 } : { line: 1, column: 1 })
      return { ...at, message: cleanMessage(e.text) }
    })
  }
  const e = error as { line?: number; column?: number; message?: string; reason?: string }
  return [{ line: e.line ?? 1, column: e.column ?? 1, message: cleanMessage(e.reason ?? e.message ?? String(error)) }]
}

function cleanMessage(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/^Cannot process MDX file with esbuild:\s*/, '')
    .replace(/^\d+:\d+(-\d+:\d+)?:\s*/, '')
    .replace(/\s*\(\d+:\d+(-\d+:\d+)?\)\s*$/, '')
    .replace(/\s*\[plugin [^\]]+\]$/, '')
    .trim()
}
