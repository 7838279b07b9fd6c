import type { LinksFunction, LoaderFunctionArgs } from '@remix-run/node'
import { Links, Outlet, Scripts, ScrollRestoration, useLoaderData, useMatches, useRouteLoaderData } from '@remix-run/react'
import { useEffect, type ReactNode } from 'react'
import { primaryRole } from '#app/http/auth.server.ts'
import { catalogVersion } from '#app/i18n/catalog.server.ts'
import { useLocale, useT } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import { useNonce } from '#app/components/csp-nonce.tsx'
import { ErrorPage } from '#app/components/error-page.tsx'
import { DocumentTitle } from '#app/components/page-title.tsx'
import { SiteFooter, SiteHeader } from '#app/components/site-chrome.tsx'
import styles from '#app/styles/app.css?url'

export const links: LinksFunction = () => [
  { rel: 'stylesheet', href: styles },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
  { rel: 'apple-touch-icon', href: '/icons/apple-touch-icon.png' },
]

/** The brand colour a phone paints its browser bar and the installed app's title bar with (public/*.webmanifest). */
const THEME_COLOR = '#0b5a55'

/**
 * Which web app manifest a page offers: coordinators install /centre on its
 * own (start_url and scope /centre, where its service worker works offline).
 */
function useManifestHref(): string {
  const matches = useMatches()
  return matches.some((m) => m.id.startsWith('routes/centre')) ? '/centre.webmanifest' : '/manifest.webmanifest'
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const locale = resolveLocale(request, context)
  const user = context.auth?.user
  return {
    locale,
    i18nHref: `/i18n/${locale}?v=${catalogVersion}`,
    // Shown on the error page of a failed request: the id of its line in the server's log.
    // In a page kept without scripts the id and the name are holes filled per
    // response (entry.server.tsx): show them, never decide by them (a loader decides).
    user: user ? { id: user.id, fullName: user.fullName, roles: user.roles.map((r) => r.role), home: primaryRole(user) } : null,
  }
}

export type RootData = Awaited<ReturnType<typeof loader>>

export function useRootData(): RootData | undefined {
  return useRouteLoaderData<typeof loader>('root')
}

/**
 * A page whose route says `handle.hydrate === false` arrives without scripts:
 * it works as plain HTML and forms (a lesson, ADR 032). Once the browser runs
 * the app (it came from another page), every page keeps its scripts.
 */
function useHydrate(): boolean {
  const matches = useMatches()
  return typeof document !== 'undefined' || !matches.some((m) => (m.handle as { hydrate?: boolean } | undefined)?.hydrate === false)
}

export function Layout({ children }: { children: ReactNode }) {
  const locale = useLocale()
  const data = useRootData()
  const t = useT()
  const nonce = useNonce()
  const hydrate = useHydrate()
  const manifestHref = useManifestHref()
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <link rel="manifest" href={manifestHref} />
        <meta name="color-scheme" content="light dark" />
        <meta name="theme-color" content={THEME_COLOR} />
        {hydrate ? (
          <>
            <meta name="orken-i18n" content={data?.i18nHref ?? `/i18n/${locale}`} />
            <link rel="preload" href={data?.i18nHref ?? `/i18n/${locale}`} as="fetch" crossOrigin="anonymous" />
          </>
        ) : null}
        <DocumentTitle />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('nav.skipToContent')}
        </a>
        <SiteHeader user={data?.user ?? null} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <SiteFooter />
        {hydrate ? (
          <>
            <ScrollRestoration nonce={nonce} />
            <Scripts nonce={nonce} />
          </>
        ) : null}
      </body>
    </html>
  )
}

export default function App() {
  const { locale } = useLoaderData<typeof loader>()
  const current = useLocale()
  // The language changed under a client-side navigation (logging in as someone
  // who reads another language): load the page again in that language.
  useEffect(() => {
    if (locale !== current) window.location.reload()
  }, [locale, current])
  return <Outlet />
}

export function ErrorBoundary() {
  return <ErrorPage />
}
