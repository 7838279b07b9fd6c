import { useEffect, useRef, useState } from 'react'
import { z } from 'zod'
import type { ContentLang } from '#app/modules/content/manifest.ts'

// The editor's live preview: once the author pauses, the draft goes to
// /author/<course>/preview (routes/author.$course.preview.ts) and the lesson
// comes back as HTML, or its problems with lines. A newer draft aborts the
// request for an older one, so a slow answer never overwrites a fresh one.

export interface PreviewProblem {
  line: number
  column: number
  /** Already in the reader's language, behind a "Line 12, column 5:" lead. */
  message: string
  /** The compiler's own words, when the message above is our reading of them. */
  detail?: string
}

export type PreviewStatus = 'idle' | 'loading' | 'ok' | 'error'

export interface LivePreview {
  status: PreviewStatus
  /** The last lesson that compiled; kept while the draft has problems. */
  html: string
  title: string
  minutes: number | null
  problems: PreviewProblem[]
  /** A failed request (not a problem in the lesson): a message key or text from the server. */
  error: string | null
  /** True when `html` is older than the draft (the draft has problems, or the request failed). */
  stale: boolean
}

const ProblemSchema = z.object({ line: z.number(), column: z.number(), message: z.string() })
const ResponseSchema = z.union([
  z.object({ ok: z.literal(true), html: z.string(), title: z.string(), minutes: z.number() }),
  z.object({ ok: z.literal(false), problems: z.array(ProblemSchema) }),
  z.object({ ok: z.literal(false), error: z.string() }),
])
export type PreviewResponse = z.infer<typeof ResponseSchema>

const EMPTY: LivePreview = { status: 'idle', html: '', title: '', minutes: null, problems: [], error: null, stale: false }

/** The state after one answer, keeping the last good lesson when this one failed. */
export function applyPreview(previous: LivePreview, answer: PreviewResponse): LivePreview {
  if (answer.ok) return { status: 'ok', html: answer.html, title: answer.title, minutes: answer.minutes, problems: [], error: null, stale: false }
  if ('problems' in answer) return { ...previous, status: 'error', problems: answer.problems, error: null, stale: previous.html !== '' }
  return { ...previous, status: 'error', error: answer.error, stale: previous.html !== '' }
}

function failure(status: number): PreviewResponse {
  const key =
    status === 403
      ? 'editor.preview.forbidden'
      : status === 0 || (status >= 300 && status < 400) || status === 401
        ? 'editor.preview.signedOut'
        : 'editor.preview.failed'
  return { ok: false, error: key }
}

function formOf(fields: Record<string, string>): FormData {
  const form = new FormData()
  for (const [name, value] of Object.entries(fields)) form.set(name, value)
  return form
}

async function requestPreview(courseId: string, lang: ContentLang, source: string, signal: AbortSignal): Promise<PreviewResponse> {
  let response: Response
  try {
    // Same origin, so the browser sends the Origin header the server checks.
    response = await fetch(`/author/${encodeURIComponent(courseId)}/preview`, {
      method: 'POST',
      headers: { Accept: 'application/json' },
      // Multipart sends the text as UTF-8 bytes, a third of what urlencoding a Cyrillic letter costs.
      body: formOf({ source, lang }),
      credentials: 'same-origin',
      // A lapsed session redirects to the login page; say so instead of following it.
      redirect: 'manual',
      signal,
    })
  } catch (error) {
    if (signal.aborted) throw error
    return { ok: false, error: 'editor.preview.failed' }
  }
  if (response.type === 'opaqueredirect') return failure(0)
  const parsed = ResponseSchema.safeParse(await response.json().catch(() => null))
  return parsed.success ? parsed.data : failure(response.status)
}

/**
 * The preview of `source`, asked for about `delayMs` after the last change.
 * `initial` is a preview the page's loader already made (for the draft as it
 * was loaded), so opening the editor does not ask again.
 */
export function useLivePreview(
  courseId: string,
  lang: ContentLang,
  source: string,
  options: { delayMs?: number; initial?: { source: string; result: PreviewResponse } } = {},
): LivePreview {
  const { delayMs = 600, initial } = options
  const [state, setState] = useState<LivePreview>(() => (initial ? applyPreview(EMPTY, initial.result) : EMPTY))
  const asked = useRef(initial ? `${lang}\n${initial.source}` : null)

  useEffect(() => {
    const key = `${lang}\n${source}`
    if (key === asked.current) return
    const controller = new AbortController()
    let pending = false
    const timer = setTimeout(() => {
      asked.current = key
      pending = true
      setState((s) => ({ ...s, status: 'loading' }))
      requestPreview(courseId, lang, source, controller.signal).then(
        (answer) => {
          pending = false
          if (!controller.signal.aborted) setState((s) => applyPreview(s, answer))
        },
        () => undefined,
      )
    }, delayMs)
    return () => {
      clearTimeout(timer)
      controller.abort()
      // A request cut short answered nothing: the same draft must be asked for again.
      if (pending && asked.current === key) asked.current = null
    }
  }, [courseId, lang, source, delayMs])

  return state
}
