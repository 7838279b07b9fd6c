import type { Definition, ImageReference, Link, Root, RootContent } from 'mdast'
import type { MdxJsxAttribute, MdxJsxFlowElement, MdxJsxTextElement } from 'mdast-util-mdx-jsx'
import { visit } from 'unist-util-visit'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import { slugPattern, type QuizKey, type QuizKind } from './manifest.ts'

// The one remark step every lesson goes through. It refuses what an author may
// not write (imports, exports, JavaScript expressions, HTML elements, unknown
// components, addresses other than those below), checks the components'
// attributes, and takes each quiz's answer key out of the tree so it never
// reaches a browser. Previews and publishing both go through it.
//
// Each check is linear in the size of the tree: a preview of 6,000 <Option/>
// lines once took 26 s when every element walked the whole tree to find its
// quiz. A lesson has at most MAX_LESSON_COMPONENTS components (a final quiz
// of 100 questions of six options is 700); beyond that nothing else is checked
// and the tree is emptied, so the bundler has nothing left to do either.

export const MAX_LESSON_COMPONENTS = 2000
export const tooManyComponentsProblem = {
  line: 1,
  column: 1,
  message: `the lesson has more than ${MAX_LESSON_COMPONENTS} components`,
  key: 'content.lesson.tooManyComponents',
  params: { max: MAX_LESSON_COMPONENTS },
} satisfies ContentProblem

export const ALLOWED_COMPONENTS = ['Callout', 'Figure', 'Video', 'Download', 'Reflection', 'Quiz', 'Question', 'Option'] as const

export interface ContentProblem {
  line: number
  column: number
  /** In English, for content:check and logs. */
  message: string
  /** The same problem in the catalogue, for an author's language, when it has a key. */
  key?: MessageKey
  params?: Record<string, string | number>
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

// Addresses. A link is an https:// (or mailto:) address, a page of the site
// or a place in the page; media (images, video, captions, downloads) come from
// the course's library (/files/…) or content/media (/media/…), which
// publishing then checks exist. Browsers ignore control characters, spaces and
// case in a scheme, and the MDX parser has already decoded entities.
type AddressKind = 'link' | 'media'
const LINK_SCHEMES = new Set(['https', 'mailto'])

function addressRefused(url: string, kind: AddressKind): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is stripped
  const compact = url.replace(/[\u0000-\u0020\u007f]/g, '').toLowerCase()
  const scheme = /^([a-z][a-z0-9+.-]*):/.exec(compact)?.[1]
  if (kind === 'media') return !/^\/(files|media)\/[^/]/.test(compact)
  if (scheme) return !LINK_SCHEMES.has(scheme)
  // A protocol-relative address (//host, or \\host as browsers read it) is another site's, without https.
  return /^[/\\]{2}/.test(compact)
}

const shown = (url: string) => (url.length > 80 ? `${url.slice(0, 80)}…` : url)

/** A remark plugin factory; `facts` is filled as the tree is checked. */
export function remarkOrken(facts: LessonFacts) {
  return () => (tree: Root) => {
    const problem: Problem = (node, message, key, params) => {
      facts.problems.push({ line: node?.position?.start.line ?? 1, column: node?.position?.start.column ?? 1, message, ...(key ? { key, params } : {}) })
    }
    const survey = surveyTree(tree)
    if (survey.components > MAX_LESSON_COMPONENTS) {
      facts.problems.push({ ...tooManyComponentsProblem })
      tree.children = []
      return
    }
    const address = (node: Parameters<Problem>[0], url: string, kind: AddressKind) => {
      if (addressRefused(url, kind)) {
        if (kind === 'media') problem(node, `the address "${shown(url)}" is not allowed: media come from the course's library`, 'content.media.refused', { url: shown(url) })
        else problem(node, `the link "${shown(url)}" is not allowed: links are https:// addresses or pages of the site`, 'content.link.refused', { url: shown(url) })
      } else if (url.startsWith('/')) facts.links.push({ url, line: node?.position?.start.line ?? 1 })
    }
    const reflections = new Set<string>()

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
      if (type === 'link' || type === 'definition') address(node, (node as Link).url, 'link')
      if (type === 'image') address(node, (node as Link).url, 'media')
      // ![alt][ref] shows the definition's address as an image: that address is media too.
      if (type === 'imageReference') {
        const url = survey.definitions.get((node as ImageReference).identifier.toLowerCase())
        if (url !== undefined) address(node, url, 'media')
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
        if (URL_ATTRIBUTES.includes(a.name) && typeof a.value === 'string') address(node, a.value, 'media')
      }
      for (const required of REQUIRED[name]!) {
        if (!stringAttr(node, required)?.trim()) problem(node, `<${name}> needs ${required}="…"`)
      }
      if (name === 'Callout' && !['info', 'tip', 'warning'].includes(stringAttr(node, 'type') ?? '')) problem(node, '<Callout type> is one of info, tip, warning')
      if (name === 'Reflection') {
        const id = stringAttr(node, 'id') ?? ''
        if (!slugPattern.test(id)) problem(node, `<Reflection id="${id}">: ids are lower-case latin letters, digits and hyphens`)
        if (reflections.has(id)) problem(node, `the reflection id "${id}" is used twice`)
        reflections.add(id)
        facts.reflections.push(id)
      }
      if (name === 'Quiz') extractQuiz(node, facts, problem)
      if ((name === 'Question' || name === 'Option') && !survey.inQuiz.has(node)) problem(node, `<${name}> belongs inside a <Quiz>`)
      // extractQuiz (run when the Quiz was visited) strips `correct` from every
      // option it graded; one that still has it is not directly in a Question.
      if (name === 'Option' && attr(node, 'correct')) problem(node, '<Option> belongs directly inside a <Question>')
    })
  }
}

interface TreeSurvey {
  /** Components of the lesson (allowed or not). */
  components: number
  /** Every node within a <Quiz>. */
  inQuiz: Set<unknown>
  /** Definitions' addresses by identifier ([ref]: /files/…). */
  definitions: Map<string, string>
}

// One walk before the checks, with a stack of its own rather than recursion.
function surveyTree(tree: Root): TreeSurvey {
  const survey: TreeSurvey = { components: 0, inQuiz: new Set(), definitions: new Map() }
  const stack: { node: { type: string; children?: unknown[] }; inQuiz: boolean }[] = [{ node: tree, inQuiz: false }]
  while (stack.length) {
    const { node, inQuiz } = stack.pop()!
    if (inQuiz) survey.inQuiz.add(node)
    if (node.type === 'definition') survey.definitions.set((node as unknown as Definition).identifier.toLowerCase(), (node as unknown as Definition).url)
    const jsx = isJsx(node)
    if (jsx) survey.components++
    const below = inQuiz || (jsx && (node as JsxElement).name === 'Quiz')
    for (const child of node.children ?? []) stack.push({ node: child as { type: string; children?: unknown[] }, inQuiz: below })
  }
  return survey
}

type Problem = (node: { position?: { start: { line: number; column: number } } } | undefined, message: string, key?: MessageKey, params?: Record<string, string | number>) => void

function extractQuiz(quiz: JsxElement, facts: LessonFacts, problem: Problem) {
  const id = stringAttr(quiz, 'id') ?? ''
  const kind = stringAttr(quiz, 'kind') as QuizKind
  if (!slugPattern.test(id)) problem(quiz, `<Quiz id="${id}">: ids are lower-case latin letters, digits and hyphens`)
  if (!['module', 'diagnostic', 'final'].includes(kind)) problem(quiz, '<Quiz kind> is one of module, diagnostic, final')
  if (facts.quizzes.some((q) => q.id === id)) problem(quiz, `the quiz id "${id}" is used twice`)
  const questionIds = new Set<string>()
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
    if (questionIds.has(qid)) problem(child, `the question id "${qid}" is used twice in quiz "${id}"`)
    questionIds.add(qid)
    const options: string[] = []
    const optionIds = new Set<string>()
    const correct: string[] = []
    const prompt: string[] = []
    const kept: RootContent[] = []
    for (const part of child.children as RootContent[]) {
      // Options may sit inside a paragraph when written on one line with text.
      const candidates = part.type === 'paragraph' ? (part.children as RootContent[]) : [part]
      for (const c of candidates) {
        if (isJsx(c) && c.name === 'Option') {
          const oid = stringAttr(c, 'id') ?? ''
          if (optionIds.has(oid)) problem(c, `the option id "${oid}" is used twice in question "${qid}"`)
          optionIds.add(oid)
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
