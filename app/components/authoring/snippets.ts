import { z } from 'zod'
import { slugPattern } from '#app/modules/content/manifest.ts'

// The MDX the lesson editor writes for an author, and where it goes in the
// source. The palette's dialogs validate their fields with these schemas and
// build the exact syntax of docs/content-format.md. The pipeline refuses { }
// expressions, so braces, like quotes and <, are written as character
// references, which MDX decodes in text and in attribute values alike.

export const SNIPPET_KINDS = ['callout', 'figure', 'video', 'download', 'reflection', 'quiz'] as const
export type SnippetKind = (typeof SNIPPET_KINDS)[number]

export const CALLOUT_TYPES = ['info', 'tip', 'warning'] as const
export const QUIZ_KINDS = ['module', 'diagnostic', 'final'] as const
export const OPTION_IDS = ['a', 'b', 'c'] as const

// An author's "&amp;" stays "&amp;" on the page; a lone "&" needs no escape.
const reference = /&(?=#?[a-z0-9]+;)/gi

/** A value for a double-quoted attribute: one line, no quote, no brace. */
export function escapeAttribute(value: string): string {
  return value.replace(/\s+/g, ' ').trim().replace(reference, '&amp;').replace(/"/g, '&quot;').replace(/\{/g, '&#123;').replace(/\}/g, '&#125;')
}

const ref = (char: string) => `&#${char.codePointAt(0)};`

/**
 * Markdown text that can hold neither a tag nor an expression (Markdown itself
 * still works). A line that starts with import or export would be read as one.
 */
export function escapeText(value: string): string {
  return value
    .replace(reference, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/\{/g, '&#123;')
    .replace(/\}/g, '&#125;')
    .replace(/^(\s*)([ie])(?=mport\b|xport\b)/gm, (_, space: string, letter: string) => space + ref(letter))
}

/**
 * One line of plain text, as a question's prompt or an option: a leading
 * "1." or "-" would start a list (and swallow the options after it), "#" a heading.
 */
const inline = (value: string) =>
  escapeText(value.replace(/\s+/g, ' ').trim())
    .replace(/^([#>*+=_~`|-])/, (_, char: string) => ref(char))
    .replace(/^(\d+)([.)])/, (_, digits: string, mark: string) => digits + ref(mark))

/** Paragraphs kept, trailing spaces and stray blank lines dropped. */
const block = (value: string) =>
  escapeText(
    value
      .replace(/\r\n?/g, '\n')
      .split('\n')
      .map((l) => l.trimEnd())
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim(),
  )

function attributes(pairs: [string, string | undefined][]): string {
  return pairs
    .filter((p): p is [string, string] => Boolean(p[1]?.trim()))
    .map(([name, value]) => `${name}="${escapeAttribute(value)}"`)
    .join(' ')
}

/** A site path (/media/…) or a web address; anything else (javascript:, data:) is refused. */
export function isSafeAddress(value: string): boolean {
  return (/^\/(?!\/)/.test(value) || /^https?:\/\/[^\s/]+/i.test(value)) && !/\s/.test(value)
}

const required = z.string({ required_error: 'validation.required' }).trim().min(1, 'validation.required')
const optional = z.string().trim().optional()
const slug = required.regex(slugPattern, 'editor.error.slug')
const address = required.refine(isSafeAddress, 'editor.error.address')

export const snippetSchemas = {
  callout: z.object({ type: z.enum(CALLOUT_TYPES, { message: 'validation.required' }), title: optional, text: required }),
  figure: z.object({ src: address, alt: required, caption: optional }),
  video: z.object({ src: address, title: required, captions: address }),
  download: z.object({ href: address, title: required }),
  reflection: z.object({ id: slug, prompt: required }),
  quiz: z.object({
    id: slug,
    kind: z.enum(QUIZ_KINDS, { message: 'validation.required' }),
    prompt: required,
    a: required,
    b: required,
    c: required,
    correct: z.enum(OPTION_IDS, { message: 'editor.error.rightAnswer' }),
  }),
} satisfies Record<SnippetKind, z.ZodTypeAny>

export type SnippetFields<K extends SnippetKind> = z.infer<(typeof snippetSchemas)[K]>

export function calloutSnippet(f: SnippetFields<'callout'>): string {
  return `<Callout ${attributes([
    ['type', f.type],
    ['title', f.title],
  ])}>\n${block(f.text)}\n</Callout>`
}

export function figureSnippet(f: SnippetFields<'figure'>): string {
  return `<Figure ${attributes([
    ['src', f.src],
    ['alt', f.alt],
    ['caption', f.caption],
  ])} />`
}

export function videoSnippet(f: SnippetFields<'video'>): string {
  return `<Video ${attributes([
    ['src', f.src],
    ['captions', f.captions],
    ['title', f.title],
  ])} />`
}

export function downloadSnippet(f: SnippetFields<'download'>): string {
  return `<Download ${attributes([
    ['href', f.href],
    ['title', f.title],
  ])} />`
}

export function reflectionSnippet(f: SnippetFields<'reflection'>): string {
  return `<Reflection ${attributes([
    ['id', f.id],
    ['prompt', f.prompt],
  ])} />`
}

/** One single-choice question with three options, as in docs/content-format.md. */
export function quizSnippet(f: SnippetFields<'quiz'>): string {
  const options = OPTION_IDS.map((id) => `    <Option id="${id}"${f.correct === id ? ' correct' : ''}>${inline(f[id])}</Option>`)
  return [
    `<Quiz ${attributes([
      ['id', f.id],
      ['kind', f.kind],
    ])}>`,
    '  <Question id="q1" type="single">',
    `    ${inline(f.prompt)}`,
    ...options,
    '  </Question>',
    '</Quiz>',
  ].join('\n')
}

const builders: { [K in SnippetKind]: (fields: SnippetFields<K>) => string } = {
  callout: calloutSnippet,
  figure: figureSnippet,
  video: videoSnippet,
  download: downloadSnippet,
  reflection: reflectionSnippet,
  quiz: quizSnippet,
}

export type SnippetResult = { ok: true; snippet: string } | { ok: false; errors: Record<string, string[]> }

/** Validates a palette dialog's fields (as the form sent them) and builds its snippet. */
export function buildSnippet<K extends SnippetKind>(kind: K, fields: Record<string, unknown>): SnippetResult {
  const parsed = snippetSchemas[kind].safeParse(fields)
  if (!parsed.success) {
    const errors: Record<string, string[]> = {}
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? '')
      // One message a field: an empty address needs filling in, not a lecture on addresses.
      errors[name] ??= [issue.message]
    }
    return { ok: false, errors }
  }
  return { ok: true, snippet: builders[kind](parsed.data as SnippetFields<K>) }
}

/**
 * A snippet to put between `before` and `after` as a block of its own: MDX
 * reads a component as a block only with blank lines around it.
 */
export function placeBlock(before: string, after: string, snippet: string): string {
  const lead = before === '' || before.endsWith('\n\n') ? '' : before.endsWith('\n') ? '\n' : '\n\n'
  const tail = after.startsWith('\n\n') ? '' : after === '' || after.startsWith('\n') ? '\n' : '\n\n'
  return lead + snippet + tail
}

/**
 * Where a block may go for a caret at `offset`: never inside or before the
 * frontmatter (a caret that has not moved yet is at the very start).
 */
export function blockOffset(text: string, offset: number): number {
  const frontmatter = /^---\r?\n[\s\S]*?\r?\n---[ \t]*(?:\r?\n|$)/.exec(text)
  return frontmatter && offset < frontmatter[0].length ? frontmatter[0].length : offset
}

/** The 1-based line and column of a position in the text, as the compiler counts them. */
export function lineColumnAt(text: string, offset: number): { line: number; column: number } {
  const head = text.slice(0, Math.max(0, Math.min(offset, text.length)))
  const lineStart = head.lastIndexOf('\n') + 1
  return { line: head.split('\n').length, column: head.length - lineStart + 1 }
}

/** The position of a 1-based line and column, clamped to the text (a problem may point past its line's end). */
export function offsetAt(text: string, line: number, column: number): number {
  let start = 0
  for (let l = 1; l < line; l++) {
    const next = text.indexOf('\n', start)
    if (next < 0) return text.length
    start = next + 1
  }
  const end = text.indexOf('\n', start)
  const lineEnd = end < 0 ? text.length : end
  return Math.min(start + Math.max(0, column - 1), lineEnd)
}
