import { getMDXComponent } from 'mdx-bundler/client/index.js'
import type { ComponentType } from 'react'
import { renderToStaticMarkup } from 'react-dom/server'
import { mdxComponents } from '#app/mdx/components.tsx'
import { LessonContext, type LessonState } from '#app/mdx/lesson-context.tsx'
import { dictionaryFor } from '#app/i18n/catalog.server.ts'
import { I18nProvider } from '#app/i18n/i18n.tsx'
import type { Locale } from '#app/i18n/locales.ts'

type MdxComponent = ComponentType<{ components: typeof mdxComponents }>

// Evaluating a bundle costs more than rendering it: keep the components of the
// bundles in use. Bundles are immutable, keyed by content and compiler.
const evaluated = new Map<string, MdxComponent>()
const MAX_EVALUATED = 500

function componentFor(bundleKey: string, code: string): MdxComponent {
  let component = evaluated.get(bundleKey)
  if (!component) {
    if (evaluated.size >= MAX_EVALUATED) evaluated.delete(evaluated.keys().next().value!)
    component = getMDXComponent(code) as MdxComponent
    evaluated.set(bundleKey, component)
  }
  return component
}

/** A compiled lesson as HTML for one reader, in the reader's interface language. */
export function renderLessonHtml(bundle: { cache_key: string; code: string }, state: LessonState, locale: Locale): string {
  const Lesson = componentFor(bundle.cache_key, bundle.code)
  return renderToStaticMarkup(
    <I18nProvider locale={locale} dictionary={dictionaryFor(locale)}>
      <LessonContext.Provider value={state}>
        <Lesson components={mdxComponents} />
      </LessonContext.Provider>
    </I18nProvider>,
  )
}
