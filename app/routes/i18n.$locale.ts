import type { LoaderFunctionArgs } from '@remix-run/node'
import { browserDictionaryFor, catalogVersion } from '#app/i18n/catalog.server.ts'
import { isLocale } from '#app/i18n/locales.ts'

// One language's dictionary for the browser. The URL carries the catalogue
// version, so a browser keeps it until the messages change.
export function loader({ params, request }: LoaderFunctionArgs) {
  if (!isLocale(params.locale)) return new Response('Not found', { status: 404 })
  const versioned = new URL(request.url).searchParams.get('v') === catalogVersion
  return new Response(JSON.stringify(browserDictionaryFor(params.locale)), {
    headers: {
      'Content-Type': 'application/json; charset=utf-8',
      'Cache-Control': versioned ? 'public, max-age=31536000, immutable' : 'no-cache',
    },
  })
}
