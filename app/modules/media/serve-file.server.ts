import fs from 'node:fs'
import path from 'node:path'
import { createReadableStreamFromReadable } from '@remix-run/node'

// Course media (figures, handouts, lecture videos and their captions) served
// from one folder. Only plain names of known types inside that folder are
// served; anything else is "not found", so a probe learns nothing.

export const MEDIA_TYPES: Readonly<Record<string, string>> = {
  svg: 'image/svg+xml',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  pdf: 'application/pdf',
  mp4: 'video/mp4',
  webm: 'video/webm',
  vtt: 'text/vtt; charset=utf-8',
}

export const MEDIA_CACHE_CONTROL = 'public, max-age=86400'

// An SVG opened on its own is a document: it may style itself but never run a
// script, load anything or be framed.
const SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'"

// Latin letters, digits, dot, hyphen, underscore; not starting with a dot, so
// no `.`, `..` or hidden files. No `%` either: a name is never decoded twice.
const SEGMENT = /^[a-z0-9][a-z0-9._-]*$/i

export interface MediaFile {
  path: string
  size: number
  mtimeMs: number
  contentType: string
  etag: string
}

/** An inclusive byte range, as in `Content-Range: bytes start-end/size`. */
export interface ByteRange {
  start: number
  end: number
}

/**
 * The file under `root` that the URL path `relativePath` (the part after
 * /media/) names, or null when it is not a plain media file name inside root:
 * empty, absolute, with `..`, backslashes, NUL, percent signs or an unknown
 * extension. Does not touch the file system.
 */
export function resolveMediaPath(root: string, relativePath: string): string | null {
  if (!relativePath || relativePath.length > 255) return null
  const segments = relativePath.split('/')
  if (!segments.every((segment) => SEGMENT.test(segment))) return null
  const extension = path.extname(relativePath).slice(1).toLowerCase()
  if (!Object.hasOwn(MEDIA_TYPES, extension)) return null
  const base = path.resolve(root)
  const file = path.resolve(base, ...segments)
  return file.startsWith(base + path.sep) ? file : null
}

const MISSING = new Set(['ENOENT', 'ENOTDIR', 'ELOOP', 'ENAMETOOLONG', 'EISDIR'])

/** The media file `relativePath` names under `root` with what the response needs, or null when there is none. */
export async function statMediaFile(root: string, relativePath: string): Promise<MediaFile | null> {
  const file = resolveMediaPath(root, relativePath)
  if (!file) return null
  try {
    // A symbolic link inside the folder must not lead out of it.
    const [real, realRoot] = await Promise.all([fs.promises.realpath(file), fs.promises.realpath(root)])
    if (!real.startsWith(realRoot + path.sep)) return null
    const stat = await fs.promises.stat(real)
    if (!stat.isFile()) return null
    const extension = path.extname(real).slice(1).toLowerCase()
    return {
      path: real,
      size: stat.size,
      mtimeMs: stat.mtimeMs,
      contentType: MEDIA_TYPES[extension] ?? 'application/octet-stream',
      etag: `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`,
    }
  } catch (error) {
    if (error instanceof Error && 'code' in error && MISSING.has(String(error.code))) return null
    throw error
  }
}

/**
 * One byte range of a `Range` header (RFC 9110 §14.1.2) for a file of `size`
 * bytes: `bytes=a-b`, `bytes=a-` or the suffix `bytes=-n`. Null means "send
 * the whole file": no header, another unit, a malformed or reversed range, or
 * several ranges (which a server may ignore). 'unsatisfiable' means 416.
 */
export function parseRange(header: string | null, size: number): ByteRange | 'unsatisfiable' | null {
  if (header === null) return null
  const match = /^bytes=(\d*)-(\d*)$/.exec(header.trim())
  if (!match) return null
  const [, first = '', last = ''] = match
  if (first === '' && last === '') return null
  if (first === '') {
    const suffix = Number(last)
    if (suffix === 0 || size === 0) return 'unsatisfiable'
    return { start: Math.max(0, size - suffix), end: size - 1 }
  }
  const start = Number(first)
  const end = last === '' ? size - 1 : Number(last)
  if (end < start && last !== '') return null
  if (start >= size) return 'unsatisfiable'
  return { start, end: Math.min(end, size - 1) }
}

/** If-None-Match uses the weak comparison: `W/"x"` matches `"x"`. */
function noneMatch(header: string | null, etag: string): boolean {
  if (header === null) return false
  return header.split(',').some((tag) => {
    const value = tag.trim()
    return value === '*' || value.replace(/^W\//, '') === etag
  })
}

export interface MediaPlan {
  status: 200 | 206 | 304 | 416
  headers: Headers
  /** The bytes to send; null for no body. */
  body: ByteRange | null
}

/** What to answer for `file` given the request's headers: status, headers and which bytes. */
export function planMediaResponse(file: MediaFile, request: Headers): MediaPlan {
  const headers = new Headers({
    'Content-Type': file.contentType,
    'X-Content-Type-Options': 'nosniff',
    'Cache-Control': MEDIA_CACHE_CONTROL,
    ETag: file.etag,
    'Accept-Ranges': 'bytes',
  })
  if (file.contentType === MEDIA_TYPES.svg) headers.set('Content-Security-Policy', SVG_POLICY)

  if (noneMatch(request.get('if-none-match'), file.etag)) return { status: 304, headers, body: null }

  // A range of an older version would splice two files: If-Range asks for the
  // whole file unless the ETag still matches (strong comparison).
  const ifRange = request.get('if-range')
  const range = ifRange !== null && ifRange.trim() !== file.etag ? null : parseRange(request.get('range'), file.size)

  if (range === 'unsatisfiable') {
    headers.set('Content-Range', `bytes */${file.size}`)
    return { status: 416, headers, body: null }
  }
  if (range) {
    headers.set('Content-Range', `bytes ${range.start}-${range.end}/${file.size}`)
    headers.set('Content-Length', String(range.end - range.start + 1))
    // Content-Range counts bytes of the file as stored: a compressing proxy
    // or middleware must pass the part through untouched.
    headers.set('Cache-Control', `${MEDIA_CACHE_CONTROL}, no-transform`)
    return { status: 206, headers, body: range }
  }
  headers.set('Content-Length', String(file.size))
  return { status: 200, headers, body: file.size > 0 ? { start: 0, end: file.size - 1 } : null }
}

/**
 * The response to a GET or HEAD of the media file `relativePath` under `root`,
 * streamed from disk; null when there is no such media file.
 */
export async function serveMediaFile(root: string, relativePath: string, request: { method: string; headers: Headers }): Promise<Response | null> {
  const file = await statMediaFile(root, relativePath)
  if (!file) return null
  const plan = planMediaResponse(file, request.headers)
  const body =
    plan.body && request.method !== 'HEAD'
      ? createReadableStreamFromReadable(fs.createReadStream(file.path, { start: plan.body.start, end: plan.body.end }))
      : null
  return new Response(body, { status: plan.status, headers: plan.headers })
}
