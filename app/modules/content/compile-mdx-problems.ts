import type { MessageKey } from '#app/i18n/catalog.server.ts'

// The compiler speaks English (micromark, esbuild, our remark step's own
// messages for content:check). An author reads the kinds of problem they will
// meet in their language; the compiler's words stay beside them for experts.

interface Known {
  pattern: RegExp
  key: MessageKey
  params?: (match: RegExpExecArray) => Record<string, string>
}

const KNOWN: Known[] = [
  { pattern: /^frontmatter (\w+):/, key: 'editor.problem.frontmatterField', params: (m) => ({ field: m[1]! }) },
  // js-yaml's words for a frontmatter it cannot read.
  {
    pattern: /^frontmatter\b|YAML|bad indentation|end of the stream|flow collection|mapping (?:entry|key|pair)|duplicated mapping key|can ?not read a block/i,
    key: 'editor.problem.frontmatter',
  },
  { pattern: /import and export statements are not allowed/, key: 'editor.problem.importNotAllowed' },
  { pattern: /JavaScript expressions in \{ \} are not allowed|JavaScript expressions are not allowed/, key: 'editor.problem.expressionNotAllowed' },
  { pattern: /raw HTML is not allowed/, key: 'editor.problem.rawHtml' },
  { pattern: /the HTML element <([\w-]+)> is not allowed/, key: 'editor.problem.htmlElement', params: (m) => ({ name: m[1]! }) },
  { pattern: /unknown component <([\w.]+)>: use one of (.+)$/, key: 'editor.problem.unknownComponent', params: (m) => ({ name: m[1]!, allowed: m[2]! }) },
  { pattern: /Expected a closing tag for `<([^>`]*)>`/, key: 'editor.problem.unclosedTag', params: (m) => ({ tag: m[1]! }) },
  { pattern: /Unexpected closing tag `<\/([^>`]*)>`/, key: 'editor.problem.unexpectedClosingTag', params: (m) => ({ tag: m[1]! }) },
  { pattern: /Unexpected closing slash/, key: 'editor.problem.unexpectedClosingTag', params: () => ({ tag: '' }) },
  { pattern: /Unexpected end of file in expression|Could not parse expression|expected a closing brace|Unexpected end of file .*expected a corresponding closing brace/i, key: 'editor.problem.unterminatedExpression' },
  { pattern: /Unexpected end of file/, key: 'editor.problem.unexpectedEnd' },
  { pattern: /^<(\w+)> belongs (?:directly )?inside an? <(\w+)>/, key: 'editor.problem.belongsInside', params: (m) => ({ name: m[1]!, parent: m[2]! }) },
  { pattern: /^<(\w+)> needs (\w+)="…"/, key: 'editor.problem.needsAttribute', params: (m) => ({ name: m[1]!, attribute: m[2]! }) },
  { pattern: /^<(\w+)> has no attribute "([^"]+)"/, key: 'editor.problem.noSuchAttribute', params: (m) => ({ name: m[1]!, attribute: m[2]! }) },
  { pattern: /id "([^"]+)" is used twice/, key: 'editor.problem.usedTwice', params: (m) => ({ id: m[1]! }) },
  { pattern: /Unexpected character `(.+?)`/, key: 'editor.problem.unexpectedCharacter', params: (m) => ({ char: m[1]! }) },
]

/** The catalogue's words for a compiler message, or null for one we have no words for (shown as the compiler wrote it). */
export function classifyCompileMessage(message: string): { key: MessageKey; params: Record<string, string> } | null {
  for (const known of KNOWN) {
    const match = known.pattern.exec(message)
    if (match) return { key: known.key, params: known.params?.(match) ?? {} }
  }
  return null
}
