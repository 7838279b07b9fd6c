import { Transform, Writable, type TransformCallback } from 'node:stream'
import type { AppLoadContext, EntryContext, HandleErrorFunction } from '@remix-run/node'
import { createReadableStreamFromReadable } from '@remix-run/node'
import { isRouteErrorResponse, RemixServer } from '@remix-run/react'
import { isbot } from 'isbot'
import { renderToPipeableStream } from 'react-dom/server'
import { NonceProvider } from '#app/components/csp-nonce.tsx'
import { dictionaryFor } from '#app/i18n/catalog.server.ts'
import { I18nProvider } from '#app/i18n/i18n.tsx'
import { resolveLocale } from '#app/i18n/locale.server.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { RequestIdContext } from '#app/components/request-id.tsx'
import { acceptedEncodings, hole, keptPage, NONCE_HOLE, pageKey, type Fills } from '#app/http/page-cache.server.ts'

const ABORT_DELAY = 5_000

// React 18.3's streaming renderer encodes text into 2048-byte buffers and,
// when a multi-byte character (all of Kazakh and Russian) does not fit at the
// end of one, still sends the whole buffer: its 1-3 unused bytes go out as
// NUL characters in the middle of the page (facebook/react#24985, fixed only
// in React 19). A full buffer's trailing zero bytes are never text, so they
// are dropped here.
const REACT_VIEW_SIZE = 2048

function withoutStrayNulBytes(): Transform {
  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      let end = chunk.length
      if (end === REACT_VIEW_SIZE) while (end > REACT_VIEW_SIZE - 3 && chunk[end - 1] === 0) end--
      callback(null, end === chunk.length ? chunk : chunk.subarray(0, end))
    },
  })
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const locale = resolveLocale(request, loadContext)
  const nonce = loadContext.cspNonce
  const keeping = responseStatusCode === 200 && nonce ? keepable(request, remixContext, locale) : null
  if (keeping && nonce) {
    try {
      const fills = { ...keeping.fills, [NONCE_HOLE]: nonce }
      const page = await keptPage(keeping.key, fills, () => renderDocument(request, keeping.context, loadContext, locale))
      if (!page) return streamDocument(request, responseStatusCode, responseHeaders, remixContext, loadContext, locale)
      responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
      responseHeaders.append('Vary', 'Accept-Encoding')
      // Compressed from parts kept compressed: the server's compression leaves a response that already has a coding alone.
      const encoded = request.method === 'GET' ? page.encoded(acceptedEncodings(request.headers.get('accept-encoding'))) : null
      if (encoded) {
        responseHeaders.set('Content-Encoding', encoded.encoding)
        responseHeaders.set('Content-Length', String(encoded.bytes.length))
        // The bytes go to the adapter as they are: a Fetch body would copy them into a stream only to be read out again.
        if (!loadContext.sendKeptBody) return new Response(new Uint8Array(encoded.bytes), { headers: responseHeaders, status: responseStatusCode })
        const response = new Response(null, { headers: responseHeaders, status: responseStatusCode })
        loadContext.sendKeptBody(response, encoded.bytes)
        return response
      }
      return new Response(page.html, { headers: responseHeaders, status: responseStatusCode })
    } catch {
      // A page whose render failed is never kept: render it as a stream, which shows the error as usual.
    }
  }
  return streamDocument(request, responseStatusCode, responseHeaders, remixContext, loadContext, locale)
}

function page(remixContext: EntryContext, loadContext: AppLoadContext, locale: Locale, status: number, url: string, nonce: string | undefined) {
  return (
    <NonceProvider value={nonce}>
      <I18nProvider locale={locale} dictionary={dictionaryFor(locale)}>
        <RequestIdContext.Provider value={status >= 500 ? loadContext.work.requestId : null}>
          <RemixServer context={remixContext} url={url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </RequestIdContext.Provider>
      </I18nProvider>
    </NonceProvider>
  )
}

/** Who reads the page, as the root loader gives it: shown in the header, and a hole in a kept page. */
const READER_HOLES = { id: hole('reader-id'), fullName: hole('reader-name') }

/**
 * What the page cache (app/http/page-cache.server.ts) needs for a page that
 * rendered without error: its key (its address, language, routes and every
 * loader's data) and the context to render it from, with the values of its
 * holes. Two kinds are kept:
 * - a page without scripts, in which the reader's id and name are holes, so
 *   that readers at the same point share it;
 * - a page with scripts for a visitor (the login form, a course's page, the
 *   catalogue): the same for everyone who is not logged in. Its only hole is
 *   the nonce of its inline scripts; the reader's name would also be in the
 *   scripts' data, where an attribute's escaping is wrong, so a logged-in
 *   reader's page with scripts is not kept.
 * Null for any other page, which is rendered as a stream.
 */
function keepable(request: Request, remixContext: EntryContext, locale: Locale): { key: string; context: EntryContext; fills: Fills } | null {
  const { matches, loaderData, actionData, errors } = remixContext.staticHandlerContext
  if (actionData || errors || remixContext.isSpaMode) return null
  const withoutScripts = matches.some((m) => (remixContext.routeModules[m.route.id]?.handle as { hydrate?: boolean } | undefined)?.hydrate === false)
  if (!withoutScripts && (loaderData.root as { user?: unknown } | undefined)?.user !== null) return null
  const { data, fills } = withoutScripts ? withReaderHoles(loaderData) : { data: loaderData, fills: {} }
  const url = new URL(request.url)
  const key = pageKey([url.pathname + url.search, locale, matches.map((m) => m.route.id), withoutScripts, data])
  if (!key) return null
  return { key, context: { ...remixContext, staticHandlerContext: { ...remixContext.staticHandlerContext, loaderData: data } }, fills }
}

/** The loaders' data with the root's reader id and name as holes, and their values. */
function withReaderHoles(loaderData: Record<string, unknown>): { data: Record<string, unknown>; fills: Fills } {
  const root = loaderData.root as { user?: { id?: unknown; fullName?: unknown } | null } | undefined
  const user = root?.user
  if (!user || typeof user.id !== 'string' || typeof user.fullName !== 'string') return { data: loaderData, fills: {} }
  return {
    data: { ...loaderData, root: { ...root, user: { ...user, id: READER_HOLES.id, fullName: READER_HOLES.fullName } } },
    fills: { [READER_HOLES.id]: user.id, [READER_HOLES.fullName]: user.fullName },
  }
}

/** The whole document as one string, with NONCE_HOLE where the nonce goes: what the page cache keeps. */
function renderDocument(request: Request, remixContext: EntryContext, loadContext: AppLoadContext, locale: Locale): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let failed = false
    const sink = new Writable({
      write(chunk: Buffer, _encoding, callback) {
        chunks.push(chunk)
        callback()
      },
    })
    sink.on('finish', () => (failed ? reject(new Error('rendering a page failed')) : resolve(Buffer.concat(chunks).toString('utf8'))))
    const { pipe, abort } = renderToPipeableStream(page(remixContext, loadContext, locale, 200, request.url, NONCE_HOLE), {
      nonce: NONCE_HOLE,
      onAllReady() {
        pipe(withoutStrayNulBytes()).pipe(sink)
      },
      onShellError: reject,
      onError(error: unknown) {
        // A part that failed: the page is not kept, and handleRequest renders it again as a stream, as any page.
        failed = true
        loadContext.work.log.error({ err: error }, 'rendering a page failed')
      },
    })
    setTimeout(abort, ABORT_DELAY).unref()
  })
}

function streamDocument(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
  locale: Locale,
) {
  const waitForAll = isbot(request.headers.get('user-agent') ?? '') || remixContext.isSpaMode
  // Every inline script of the page (Remix's hand-off and streamed data, React's
  // own streaming scripts) carries the nonce the Content-Security-Policy names.
  const nonce = loadContext.cspNonce
  return new Promise<Response>((resolve, reject) => {
    let shellRendered = false
    const { pipe, abort } = renderToPipeableStream(page(remixContext, loadContext, locale, responseStatusCode, request.url, nonce), {
      nonce,
      [waitForAll ? 'onAllReady' : 'onShellReady']() {
        shellRendered = true
        const body = withoutStrayNulBytes()
        responseHeaders.set('Content-Type', 'text/html; charset=utf-8')
        resolve(new Response(createReadableStreamFromReadable(body), { headers: responseHeaders, status: responseStatusCode }))
        pipe(body)
      },
      onShellError(error: unknown) {
        reject(error)
      },
      onError(error: unknown) {
        responseStatusCode = 500
        // Before the shell, onShellError rejects and Remix hands the error to handleError.
        if (shellRendered) loadContext.work.log.error({ err: error }, 'rendering a page failed')
      },
    })
    setTimeout(abort, ABORT_DELAY)
  })
}

/**
 * Every exception of a loader, an action or a render reaches the JSON log,
 * with the request id the error page shows (the work's logger carries it).
 * Thrown responses (a 404, a redirect) are answers, not failures; a request
 * the client gave up on is no failure of ours either.
 */
export const handleError: HandleErrorFunction = (error, { request, context }) => {
  if (request.signal.aborted || error instanceof Response) return
  // Remix's own refusals (a post to a page without an action: 405) are the client's mistake, not ours.
  if (isRouteErrorResponse(error) && error.status < 500) return
  const cause = isRouteErrorResponse(error) && 'error' in error && error.error instanceof Error ? error.error : error
  context.work.log.error({ err: cause, method: request.method }, 'a loader or action failed')
}
