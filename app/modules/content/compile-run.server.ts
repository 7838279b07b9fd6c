import { bundleMDX } from 'mdx-bundler'
import type { CompiledLesson, FailedLesson } from './compile-mdx.server.ts'
import { LessonFrontmatterSchema } from './manifest.ts'
import { remarkOrken, type ContentProblem, type LessonFacts } from './remark-orken.server.ts'

// The compile itself, as the worker thread runs it (compile-worker.server.ts):
// mdx-bundler with the one remark step, problems with lines, never a throw.

function frontmatterLine(source: string, key: string): number {
  const lines = source.split('\n')
  const index = lines.findIndex((l) => l.startsWith(`${key}:`))
  return index >= 0 ? index + 1 : 1
}

/** Compiles one lesson's MDX in this thread. Never throws for bad content: problems come back with lines. */
export async function runCompile(source: string): Promise<CompiledLesson | FailedLesson> {
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
