import { translate, translateKey } from '#app/i18n/catalog.server.ts'
import { classifyCompileMessage } from '#app/modules/content/compile-mdx-problems.ts'
import type { Locale } from '#app/i18n/locales.ts'
import type { LessonState } from '#app/mdx/lesson-context.tsx'
import { bundleCacheKey, compileLesson } from '#app/modules/content/compile-mdx.server.ts'
import type { ContentLang } from '#app/modules/content/manifest.ts'
import type { ContentProblem } from '#app/modules/content/remark-orken.server.ts'
import type { RateLimitRule } from '#app/modules/security/rate-limit.server.ts'
import { renderLessonHtml } from '#app/modules/content/render.server.tsx'

// The editor's live preview: an author's draft through the real pipeline
// (compileLesson, the same remark checks as publishing) and rendered as a
// reader who is not enrolled sees it. Authors pause often while typing, and
// each pause asks again: the last results are kept, so an unchanged draft
// (or one typed back to what it was) costs no compile.

export type PreviewResult = { ok: true; html: string; title: string; minutes: number } | { ok: false; problems: DescribedProblem[] }

const MAX_CACHED = 50
const recent = new Map<string, Promise<PreviewResult>>()

function recall(key: string): Promise<PreviewResult> | undefined {
  const hit = recent.get(key)
  if (hit) {
    // Map keeps insertion order: moving a hit to the end makes the first key the least recently used.
    recent.delete(key)
    recent.set(key, hit)
  }
  return hit
}

function remember(key: string, result: Promise<PreviewResult>) {
  recent.set(key, result)
  if (recent.size > MAX_CACHED) recent.delete(recent.keys().next().value!)
  // A render that failed is not kept: the next request tries again.
  result.catch(() => recent.delete(key))
}

/** A problem as an author reads it; `detail` keeps the compiler's own English words. */
export type DescribedProblem = ContentProblem & { detail?: string }

/**
 * The compiler's problems behind a lead in the reader's language ("12-жол,
 * 5-баған:"), in it too: by their key, else by the kind of compiler message.
 */
export function describeProblems(problems: ContentProblem[], locale: Locale): DescribedProblem[] {
  return problems.map(({ key, params, ...p }) => {
    const at = translate(locale, 'editor.problem.at', { line: p.line, column: p.column })
    if (key) return { ...p, message: `${at} ${translateKey(locale, key, params)}` }
    const known = classifyCompileMessage(p.message)
    if (!known) return { ...p, message: `${at} ${translate(locale, 'editor.problem.other', { message: p.message })}` }
    return { ...p, message: `${at} ${translateKey(locale, known.key, known.params)}`, detail: p.message }
  })
}

/** Previews an author may ask for, by the live preview or "Preview without saving": a pause in typing every second or so is 60 a minute; a script is held to twice that. */
export const PREVIEW_RATE_RULE: RateLimitRule = { bucket: 'editor:preview', max: 120, windowMs: 60_000 }

function previewState(lang: ContentLang): LessonState {
  // Not enrolled and closed: quizzes and reflections show, and nothing can be sent.
  return { action: '', lang, enrolled: false, canSubmit: false, quizzes: {}, reflections: {} }
}

async function render(source: string, lang: ContentLang, locale: Locale): Promise<PreviewResult> {
  const compiled = await compileLesson(source)
  if (!compiled.ok) return { ok: false, problems: describeProblems(compiled.problems, locale) }
  // The bundle key names the source's hash and the compiler, as a published lesson's does.
  // Each keystroke's draft is a new bundle: not kept beside the published lessons.
  const html = renderLessonHtml({ cache_key: bundleCacheKey(source), code: compiled.code }, previewState(lang), locale, { keep: false })
  return { ok: true, html, title: compiled.frontmatter.title, minutes: compiled.frontmatter.minutes }
}

/** A draft lesson as HTML, or its problems with lines; never runs anything the author wrote. */
export function previewLesson(source: string, lang: ContentLang, locale: Locale): Promise<PreviewResult> {
  const key = `${bundleCacheKey(source)}:${lang}:${locale}`
  const hit = recall(key)
  if (hit) return hit
  const result = render(source, lang, locale)
  remember(key, result)
  return result
}
