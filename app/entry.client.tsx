import { RemixBrowser } from '@remix-run/react'
import { StrictMode } from 'react'
import { hydrateRoot } from 'react-dom/client'
import type { Dictionary } from '#app/i18n/catalog.server.ts'
import { I18nProvider } from '#app/i18n/i18n.tsx'
import { defaultLocale, isLocale } from '#app/i18n/locales.ts'

// The page arrives rendered in the reader's language. Before hydrating, fetch
// that one language's dictionary (cached by version, preloaded by the page).
async function hydrate() {
  const lang = document.documentElement.lang
  const locale = isLocale(lang) ? lang : defaultLocale
  const href = document.querySelector<HTMLMetaElement>('meta[name="orken-i18n"]')?.content ?? `/i18n/${locale}`
  const dictionary = (await fetch(href, { credentials: 'same-origin' }).then((r) => r.json())) as Dictionary
  // Hydrate in one go rather than in a transition: an interruptible hydration
  // that meets an early router update (a skip link pressed while the page is
  // still starting) fails with React's error 345.
  hydrateRoot(
    document,
    <StrictMode>
      <I18nProvider locale={locale} dictionary={dictionary}>
        <RemixBrowser />
      </I18nProvider>
    </StrictMode>,
  )
}

// The skip link moves focus itself instead of navigating to #main: a hash
// navigation that reaches the router while React is still hydrating the page
// fails with React's error 345. Without JavaScript its href does the same.
document.addEventListener('click', (event) => {
  const link = event.target instanceof Element ? event.target.closest('a.skip-link') : null
  const main = document.getElementById('main')
  if (!link || !main) return
  event.preventDefault()
  main.focus()
  main.scrollIntoView()
})

void hydrate()
