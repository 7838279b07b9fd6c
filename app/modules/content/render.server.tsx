import { getMDXComponent } from 'mdx-bundler/client/index.js'
import type { ComponentType, ReactNode } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { mdxComponents, QuizStatus, QuizSubmit, quizLocked, ReflectionActions } from '#app/mdx/components.tsx'
import { LessonContext, TemplateContext, type LessonState } from '#app/mdx/lesson-context.tsx'
import { HOLE_CLOSE, HOLE_OPEN } from '#app/mdx/lesson-holes.ts'
import { dictionaryFor } from '#app/i18n/catalog.server.ts'
import { I18nProvider } from '#app/i18n/i18n.tsx'
import type { Locale } from '#app/i18n/locales.ts'

// A published lesson reads the same for everyone who reads it in one language:
// its body is rendered once per bundle, interface language, lesson language
// and kind of reader into a template, and each request only fills the
// template's few holes with the reader's state (lesson-holes.ts). The bundle's
// key is its content hash plus the compiler's versions, so a new version of a
// lesson, or a new compiler, is a new template; nothing is ever invalidated.

type MdxComponent = ComponentType<{ components: typeof mdxComponents }>

/** The shared render of a lesson: static text at even indexes, hole specifications at odd ones. */
export type LessonTemplate = readonly string[]

export interface LessonBundle {
  cache_key: string
  code: string
}

const MAX_TEMPLATES = 2_000
const templates = new Map<string, LessonTemplate>()

const HOLE = new RegExp(` data-slot="${HOLE_OPEN}([^${HOLE_CLOSE}]*)${HOLE_CLOSE}"|${HOLE_OPEN}([^${HOLE_CLOSE}]*)${HOLE_CLOSE}`, 'g')

function templateKey(bundleKey: string, locale: Locale, state: Pick<LessonState, 'lang' | 'reader'>) {
  return `${bundleKey}|${locale}|${state.lang}|${state.reader ?? 'learner'}`
}

/** Splits a shared render at its holes. */
export function parseTemplate(html: string): LessonTemplate {
  const parts: string[] = []
  let at = 0
  for (const match of html.matchAll(HOLE)) {
    parts.push(html.slice(at, match.index), match[1] ?? match[2]!)
    at = match.index + match[0].length
  }
  parts.push(html.slice(at))
  return parts
}

function renderTemplate(code: string, locale: Locale, state: Pick<LessonState, 'lang' | 'reader'>): LessonTemplate {
  // Evaluated once per template, not per request: a template outlives its component.
  const Lesson = getMDXComponent(code) as MdxComponent
  const shared: LessonState = { action: '', lang: state.lang, enrolled: false, canSubmit: false, quizzes: {}, reflections: {}, reader: state.reader }
  return parseTemplate(
    renderToStaticMarkup(
      <I18nProvider locale={locale} dictionary={dictionaryFor(locale)}>
        <TemplateContext.Provider value={true}>
          <LessonContext.Provider value={shared}>
            <Lesson components={mdxComponents} />
          </LessonContext.Provider>
        </TemplateContext.Provider>
      </I18nProvider>,
    ),
  )
}

/** The lesson's template for this reader's language and kind, if it was rendered already. */
export function keptTemplate(bundleKey: string, state: Pick<LessonState, 'lang' | 'reader'>, locale: Locale): LessonTemplate | undefined {
  const key = templateKey(bundleKey, locale, state)
  const kept = templates.get(key)
  if (kept) {
    // Most recently used last, so the oldest is the one let go.
    templates.delete(key)
    templates.set(key, kept)
  }
  return kept
}

/**
 * The lesson's template for this reader's language and kind, rendered on first
 * use and kept, unless `keep` is false (a draft's preview, seen once).
 */
export function lessonTemplate(bundle: LessonBundle, state: Pick<LessonState, 'lang' | 'reader'>, locale: Locale, keep = true): LessonTemplate {
  const kept = keptTemplate(bundle.cache_key, state, locale)
  if (kept) return kept
  const template = renderTemplate(bundle.code, locale, state)
  if (!keep) return template
  if (templates.size >= MAX_TEMPLATES) templates.delete(templates.keys().next().value!)
  templates.set(templateKey(bundle.cache_key, locale, state), template)
  return template
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#x27;' }
const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c]!)

/** The reader's part of a lesson: each hole of the template filled from their state. */
export function fillLesson(template: LessonTemplate, state: LessonState, locale: Locale): string {
  const fragment = (node: ReactNode) =>
    renderToStaticMarkup(
      <I18nProvider locale={locale} dictionary={dictionaryFor(locale)}>
        <LessonContext.Provider value={state}>{node}</LessonContext.Provider>
      </I18nProvider>,
    )
  const fill = (spec: string): string => {
    const [name, id = '', kind = 'module'] = spec.split('|')
    const quizKind = kind === 'final' || kind === 'diagnostic' ? kind : 'module'
    switch (name) {
      case 'action':
        return escapeHtml(state.action)
      case 'quizStatus':
        return fragment(<QuizStatus id={id} kind={quizKind} />)
      case 'quizLock':
        return quizLocked(state, id, quizKind) ? ' disabled=""' : ''
      case 'quizSubmit':
        return quizLocked(state, id, quizKind) ? '' : fragment(<QuizSubmit id={id} kind={quizKind} />)
      case 'reflectionText': {
        // As React writes a textarea's value: a leading newline is doubled, since HTML drops the first.
        const text = state.reflections[id] ?? ''
        return (text.startsWith('\n') ? '\n' : '') + escapeHtml(text)
      }
      case 'reflectionLock':
        return state.canSubmit ? '' : ' disabled=""'
      case 'reflectionActions':
        return fragment(<ReflectionActions id={id} />)
      default:
        throw new Error(`A lesson template has an unknown hole: ${name}`)
    }
  }
  let html = ''
  for (let i = 0; i < template.length; i++) html += i % 2 ? fill(template[i]!) : template[i]!
  return html
}

/** A compiled lesson as HTML for one reader, in the reader's interface language; `keep: false` for a draft's preview. */
export function renderLessonHtml(bundle: LessonBundle, state: LessonState, locale: Locale, options: { keep?: boolean } = {}): string {
  return fillLesson(lessonTemplate(bundle, state, locale, options.keep ?? true), state, locale)
}
