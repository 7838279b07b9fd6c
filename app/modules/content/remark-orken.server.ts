import type { Link, Root, RootContent } from 'mdast'
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx'
import { visit } from 'unist-util-visit'
import { slugPattern, type QuizKey, type QuizKind } from './manifest.ts'

// The one remark step every lesson goes through. It refuses what an author may
// not write (imports, exports, JavaScript expressions, HTML elements, unknown
// components, javascript: links), checks the components' attributes, and takes
// each quiz's answer key out of the tree so it never reaches a browser.

export const ALLOWED_COMPONENTS = ['Callout', 'Figure', 'Video', 'Download', 'Reflection', 'Quiz', 'Question', 'Option'] as const

export interface ContentProblem {
  line: number
  column: number
  message: string
}

export interface LessonFacts {
  problems: ContentProblem[]
  quizzes: QuizKey[]
  reflections: string[]
  /** Site paths the lesson links to or embeds (/media/...), with their lines. */
  links: { url: string; line: number }[]
}

type JsxElement = MdxJsxFlowElement | MdxJsxTextElement

const REQUIRED: Record<string, string[]> = {
  Callout: ['type'],
  Figure: ['src', 'alt'],
  Video: ['src', 'title', 'captions'],
  Download: ['href', 'title'],
  Reflection: ['id', 'prompt'],
  Quiz: ['id', 'kind'],
  Question: ['id', 'type'],
  Option: ['id'],
}
const ALLOWED_ATTRIBUTES: Record<string, string[]> = {
  Callout: ['type', 'title'],
  Figure: ['src', 'alt', 'caption'],
  Video: ['src', 'title', 'captions', 'poster'],
  Download: ['href', 'title'],
  Reflection: ['id', 'prompt'],
  Quiz: ['id', 'kind'],
  // prompt, n, quiz and label are written by extractQuiz below.
  Question: ['id', 'type', 'prompt', 'n', 'quiz'],
  Option: ['id', 'correct', 'label'],
}
const URL_ATTRIBUTES = ['src', 'href', 'captions', 'poster']

function isJsx(node: { type: string }): node is JsxElement {
  return node.type === 'mdxJsxFlowElement' || node.type === 'mdxJsxTextElement'
}

function textOf(node: unknown): string {
  if (!node || typeof node !== 'object') return ''
  const n = node as { type?: string; value?: unknown; children?: unknown[] }
  if (n.type === 'text' || n.type === 'inlineCode') return String(n.value ?? '')
  if (Array.isArray(n.children)) return n.children.map(textOf).join(n.type === 'paragraph' ? '' : ' ')
  return ''
}

function attr(node: JsxElement, name: string): MdxJsxAttribute | undefined {
  return node.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name)
}

function stringAttr(node: JsxElement, name: string): string | undefined {
  const a = attr(node, name)
  return typeof a?.value === 'string' ? a.value : undefined
}

function setAttr(node: JsxElement, name: string, value: string) {
  const existing = attr(node, name)
  if (existing) existing.value = value
  else node.attributes.push({ type: 'mdxJsxAttribute', name, value })
}

function isDangerousUrl(url: string): boolean {
  // Browsers ignore tabs, newlines and case in the scheme.
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped
  const compact = url.replace(/[\u0000-\u0020]/g, '').toLowerCase()
  return compact.startsWith('javascript:') || compact.startsWith('vbscript:') || compact.startsWith('data:text/html')
}

/** A remark plugin factory; `facts` is filled as the tree is checked. */
export function remarkOrken(facts: LessonFacts) {
  return () => (tree: Root) => {
    const problem = (node: { position?: { start: { line: number; column: number } } } | undefined, message: string) => {
      facts.problems.push({ line: node?.position?.start.line ?? 1, column: node?.position?.start.column ?? 1, message })
    }

    visit(tree, (node, index, parent) => {
      const type = node.type as string
      // remark-mdx-frontmatter inserts an export without a position; authors' own
      // have one. Take them out of the tree at once, so the bundler never tries
      // to resolve an import (which would read files from the server's disk).
      if (type === 'mdxjsEsm' && node.position) {
        problem(node, 'import and export statements are not allowed in lessons')
        if (parent && typeof index === 'number') {
          parent.children.splice(index, 1)
          return index
        }
      }
      if (type === 'mdxFlowExpression' || type === 'mdxTextExpression') problem(node, 'JavaScript expressions in { } are not allowed in lessons')
      if (type === 'link' || type === 'image' || type === 'definition') {
        const url = (node as Link).url
        if (isDangerousUrl(url)) problem(node, `the link "${url}" is not allowed`)
        else if (url.startsWith('/')) facts.links.push({ url, line: node.position?.start.line ?? 1 })
      }
      if (type === 'html') problem(node, 'raw HTML is not allowed in lessons')
      if (!isJsx(node)) return
      const name = node.name
      if (!name) return problem(node, 'fragments <> are not allowed in lessons')
      if (!(ALLOWED_COMPONENTS as readonly string[]).includes(name)) {
        return problem(node, /^[a-z]/.test(name) ? `the HTML element <${name}> is not allowed in lessons` : `unknown component <${name}>: use one of ${ALLOWED_COMPONENTS.join(', ')}`)
      }
      for (const a of node.attributes) {
        if (a.type !== 'mdxJsxAttribute') {
          problem(node, `<${name}> takes plain attributes only, not {…spread}`)
          continue
        }
        if (a.value !== null && a.value !== undefined && typeof a.value !== 'string') problem(node, `<${name} ${a.name}={…}>: JavaScript expressions are not allowed; write ${a.name}="…"`)
        if (!ALLOWED_ATTRIBUTES[name]!.includes(a.name)) problem(node, `<${name}> has no attribute "${a.name}"`)
        if (a.name.toLowerCase().startsWith('on')) problem(node, `event handlers such as ${a.name} are not allowed`)
        if (URL_ATTRIBUTES.includes(a.name) && typeof a.value === 'string') {
          if (isDangerousUrl(a.value)) problem(node, `the address "${a.value}" is not allowed`)
          else if (a.value.startsWith('/')) facts.links.push({ url: a.value, line: node.position?.start.line ?? 1 })
        }
      }
      for (const required of REQUIRED[name]!) {
        if (!stringAttr(node, required)?.trim()) problem(node, `<${name}> needs ${required}="…"`)
      }
      if (name === 'Callout' && !['info', 'tip', 'warning'].includes(stringAttr(node, 'type') ?? '')) problem(node, '<Callout type> is one of info, tip, warning')
      if (name === 'Reflection') {
        const id = stringAttr(node, 'id') ?? ''
        if (!slugPattern.test(id)) problem(node, `<Reflection id="${id}">: ids are lower-case latin letters, digits and hyphens`)
        if (facts.reflections.includes(id)) problem(node, `the reflection id "${id}" is used twice`)
        facts.reflections.push(id)
      }
      if (name === 'Quiz') extractQuiz(node, facts, problem)
      if ((name === 'Question' || name === 'Option') && !insideQuiz(tree, node)) problem(node, `<${name}> belongs inside a <Quiz>`)
      // extractQuiz (run when the Quiz was visited) strips `correct` from every
      // option it graded; one that still has it is not directly in a Question.
      if (name === 'Option' && attr(node, 'correct')) problem(node, '<Option> belongs directly inside a <Question>')
    })
  }
}

function insideQuiz(tree: Root, target: JsxElement): boolean {
  let found = false
  visit(tree, (node) => {
    if (found || !isJsx(node) || node.name !== 'Quiz') return
    visit(node, (inner) => {
      if (inner === target) found = true
    })
  })
  return found
}

type Problem = (node: { position?: { start: { line: number; column: number } } } | undefined, message: string) => void

function extractQuiz(quiz: JsxElement, facts: LessonFacts, problem: Problem) {
  const id = stringAttr(quiz, 'id') ?? ''
  const kind = stringAttr(quiz, 'kind') as QuizKind
  if (!slugPattern.test(id)) problem(quiz, `<Quiz id="${id}">: ids are lower-case latin letters, digits and hyphens`)
  if (!['module', 'diagnostic', 'final'].includes(kind)) problem(quiz, '<Quiz kind> is one of module, diagnostic, final')
  if (facts.quizzes.some((q) => q.id === id)) problem(quiz, `the quiz id "${id}" is used twice`)
  const key: QuizKey = { id, kind, questions: [] }
  const children = quiz.children as RootContent[]
  let number = 0
  for (const child of children) {
    if (!isJsx(child) || child.name !== 'Question') {
      if (isJsx(child) || textOf(child).trim()) problem(child, '<Quiz> holds only <Question> elements')
      continue
    }
    number++
    const qid = stringAttr(child, 'id') ?? ''
    const type = stringAttr(child, 'type')
    if (!slugPattern.test(qid)) problem(child, `<Question id="${qid}">: ids are lower-case latin letters, digits and hyphens`)
    if (type !== 'single' && type !== 'multiple') problem(child, '<Question type> is single or multiple')
    if (key.questions.some((q) => q.id === qid)) problem(child, `the question id "${qid}" is used twice in quiz "${id}"`)
    const options: string[] = []
    const correct: string[] = []
    const prompt: string[] = []
    const kept: RootContent[] = []
    for (const part of child.children as RootContent[]) {
      // Options may sit inside a paragraph when written on one line with text.
      const candidates = part.type === 'paragraph' ? (part.children as RootContent[]) : [part]
      for (const c of candidates) {
        if (isJsx(c) && c.name === 'Option') {
          const oid = stringAttr(c, 'id') ?? ''
          if (options.includes(oid)) problem(c, `the option id "${oid}" is used twice in question "${qid}"`)
          options.push(oid)
          if (attr(c, 'correct')) correct.push(oid)
          // Flatten the option to a label attribute and drop `correct`.
          setAttr(c, 'label', textOf(c).replace(/\s+/g, ' ').trim())
          c.attributes = c.attributes.filter((a) => !(a.type === 'mdxJsxAttribute' && a.name === 'correct'))
          c.children = []
          kept.push(c)
        } else {
          prompt.push(textOf(c))
        }
      }
    }
    const promptText = prompt.join(' ').replace(/\s+/g, ' ').trim()
    if (!promptText) problem(child, `question "${qid}" has no text`)
    if (options.length < 2) problem(child, `question "${qid}" needs at least two <Option>s`)
    if (type === 'single' && correct.length !== 1) problem(child, `single-choice question "${qid}" needs exactly one correct option (it has ${correct.length})`)
    if (type === 'multiple' && correct.length < 1) problem(child, `multiple-choice question "${qid}" needs at least one correct option`)
    setAttr(child, 'prompt', promptText)
    setAttr(child, 'n', String(number))
    setAttr(child, 'quiz', id)
    child.children = kept as typeof child.children
    key.questions.push({ id: qid, type: type === 'multiple' ? 'multiple' : 'single', options, correct })
  }
  if (!key.questions.length) problem(quiz, `quiz "${id}" has no questions`)
  facts.quizzes.push(key)
}
