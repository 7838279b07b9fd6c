import type { Body, Meta, Uppy, UppyFile } from '@uppy/core'
import { useRevalidator } from '@remix-run/react'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import { useFormat, useLocale, useT, type MessageKey, type TFunction } from '#app/i18n/i18n.tsx'
import { sizeIn } from '#app/modules/media/size.ts'

// The course media library's uploader: Uppy's Dashboard with tus, so a large
// video shows its progress and an interrupted upload resumes where it
// stopped. Uppy is loaded in the browser only, after the page has hydrated;
// until then (and without JavaScript) the page's plain form is shown instead.

export type MediaKindName = 'video' | 'pdf' | 'image' | 'captions'

export interface UploadNotice {
  ok: boolean
  text: string
}

interface Props {
  courseId: string
  /** The largest file of each kind, as the server allows. */
  limits: Record<MediaKindName, number>
  /** Accepted extensions and the kind each claims, as the server checks them. */
  extensions: Record<string, MediaKindName>
  /** Called with every accepted or refused file, for the page's live region. */
  onNotice: (notice: UploadNotice) => void
  /** Shown until the uploader has loaded: the form that works without JavaScript. */
  fallback: ReactNode
}

const MB = 1024 * 1024
type MediaMeta = Meta & { course: string }
type TusBody = Body & { xhr?: XMLHttpRequest }

/** A size in the reader's language: "1,5 МБ". */
export function formatBytes(bytes: number, t: TFunction, number: (value: number, digits?: number) => string): string {
  const size = sizeIn(bytes)
  return t(size.key, { n: number(size.value, size.digits) })
}

// The Dashboard's words a reader sees; the rest stay in Uppy's English.
const UPPY_STRINGS = [
  'dashboardTitle',
  'dropPasteFiles',
  'browseFiles',
  'dropHint',
  'myDevice',
  'uploading',
  'complete',
  'uploadFailed',
  'paused',
  'retry',
  'pause',
  'resume',
  'done',
  'cancel',
  'back',
  'addMore',
  'addMoreFiles',
  'removeFile',
  'error',
  'showErrorDetails',
  'uploadComplete',
  'uploadPaused',
  'resumeUpload',
  'pauseUpload',
  'retryUpload',
  'cancelUpload',
  'xTimeLeft',
  'failedToUpload',
  'noDuplicates',
  'youCanOnlyUploadFileTypes',
  'exceedsSize',
  'noInternetConnection',
  'connectedToInternet',
] as const
// Counted phrases are worded so that one form fits every number.
const UPPY_COUNTED = ['xFilesSelected', 'uploadingXFiles', 'uploadXFiles'] as const

function uppyLocale(t: TFunction) {
  const strings: Record<string, string | Record<number, string>> = {}
  for (const key of UPPY_STRINGS) strings[key] = t(`media.uppy.${key}` as MessageKey)
  for (const key of UPPY_COUNTED) {
    const text = t(`media.uppy.${key}` as MessageKey)
    strings[key] = { 0: text, 1: text }
  }
  return { strings, pluralize: () => 0 }
}

/** The translated reason in a refused upload's answer ({ error }), if the server gave one. */
function refusalText(xhr: XMLHttpRequest | undefined): string | null {
  try {
    const body: unknown = JSON.parse(xhr?.responseText ?? '')
    return body && typeof body === 'object' && 'error' in body && typeof body.error === 'string' ? body.error : null
  } catch {
    return null
  }
}

export function MediaUploader({ courseId, limits, extensions, onNotice, fallback }: Props) {
  const t = useT()
  const { number } = useFormat()
  const locale = useLocale()
  const revalidator = useRevalidator()
  const target = useRef<HTMLDivElement>(null)
  const [ready, setReady] = useState(false)
  // The latest callbacks and limits, without restarting Uppy when they change.
  const latest = useRef({ onNotice, limits, extensions, t, number, revalidator })
  useEffect(() => {
    latest.current = { onNotice, limits, extensions, t, number, revalidator }
  })

  useEffect(() => {
    let uppy: Uppy<MediaMeta, TusBody> | null = null
    let cancelled = false
    const load = async () => {
      const [{ default: UppyCore }, { default: Dashboard }, { default: Tus }] = await Promise.all([
        import('@uppy/core'),
        import('@uppy/dashboard'),
        import('@uppy/tus'),
      ])
      if (cancelled || !target.current) return
      const { t, number, limits, extensions } = latest.current
      const notice = (ok: boolean, text: string) => latest.current.onNotice({ ok, text })
      const created: Uppy<MediaMeta, TusBody> = new UppyCore<MediaMeta, TusBody>({
        id: `media-${courseId}`,
        autoProceed: true,
        meta: { course: courseId },
        locale: uppyLocale(t),
        restrictions: { allowedFileTypes: Object.keys(extensions).map((e) => `.${e}`), maxFileSize: Math.max(...Object.values(limits)) },
        // Each kind has its own limit; Uppy knows only one, so check the rest here.
        onBeforeFileAdded: (file: UppyFile<MediaMeta, TusBody>) => {
          const extension = (file.extension ?? '').toLowerCase()
          const kind = Object.hasOwn(extensions, extension) ? extensions[extension] : undefined
          if (!kind || file.size === null || file.size <= limits[kind]) return true
          const text = t('media.refused', {
            name: file.name ?? '',
            reason: t('media.error.tooLarge', {
              size: formatBytes(file.size, t, number),
              kind: t(`media.kind.${kind}`),
              max: formatBytes(limits[kind], t, number),
            }),
          })
          created.info(text, 'error', 8000)
          notice(false, text)
          return false
        },
      })
      created
        .use(Dashboard<MediaMeta, TusBody>, {
          inline: true,
          target: target.current,
          width: '100%',
          height: 320,
          proudlyDisplayPoweredByUppy: false,
          locale: uppyLocale(t),
        })
        .use(Tus<MediaMeta, TusBody>, {
          endpoint: '/uploads/tus',
          chunkSize: 5 * MB,
          retryDelays: [0, 1000, 3000, 5000],
          removeFingerprintOnSuccess: true,
          allowedMetaFields: ['course', 'name', 'type'],
        })
      created.on('upload-success', (file) => {
        notice(true, t('media.uploaded', { name: file?.name ?? '' }))
        // The library's table shows the new file.
        latest.current.revalidator.revalidate()
      })
      // A type Uppy refuses by name, before anything is sent (its own words, translated above).
      created.on('restriction-failed', (_file, error) => notice(false, error.message))
      created.on('upload-error', (file, _error, response) => {
        const reason = refusalText(response?.body?.xhr) ?? t('media.error.failed')
        notice(false, t('media.refused', { name: file?.name ?? '', reason }))
      })
      uppy = created
      setReady(true)
    }
    // The uploader failed to load (a blocked script, an old browser): the plain form stays in its place.
    load().catch(() => setReady(false))
    return () => {
      cancelled = true
      uppy?.destroy()
    }
    // A new language builds the uploader again, in that language.
  }, [courseId, locale])

  return (
    <>
      {ready ? null : fallback}
      <div ref={target} className="media-uploader" hidden={!ready} />
    </>
  )
}
