import fs from 'node:fs'
import path from 'node:path'
import type { MessageKey } from '#app/i18n/catalog.server.ts'
import type { MediaKind } from '#db/schema.ts'

// What an uploaded file is: decided by its first bytes, never by its name. The
// name only has to agree with the content (a PDF renamed .mp4 is refused) and
// be a plain name, never a path.

const MB = 1024 * 1024

/** The largest file of each kind, in bytes. */
export const MEDIA_LIMITS: Readonly<Record<MediaKind, number>> = {
  video: 2 * 1024 * MB,
  pdf: 50 * MB,
  image: 10 * MB,
  captions: 1 * MB,
}

/** The largest upload of any kind: what the upload server accepts at all. */
export const MAX_UPLOAD_BYTES = Math.max(...Object.values(MEDIA_LIMITS))

/** The file name extensions an upload may have, and the kind each claims. SVG is not one: it may carry scripts. */
export const MEDIA_EXTENSIONS: Readonly<Record<string, MediaKind>> = {
  mp4: 'video',
  webm: 'video',
  pdf: 'pdf',
  png: 'image',
  jpg: 'image',
  jpeg: 'image',
  webp: 'image',
  vtt: 'captions',
}

export const MAX_NAME_LENGTH = 200

/** Why a file is refused: a message key and its parameters. Kinds in params are translated by the caller. */
export interface MediaRefusal {
  key: MessageKey
  params?: { extension?: string; claimed?: MediaKind; actual?: MediaKind; size?: number; max?: number; kind?: MediaKind }
  /** The HTTP status that fits: 400 bad name, 413 too large, 422 content refused, 500 the store failed. */
  status: 400 | 413 | 422 | 500
}

export interface CheckedName {
  /** The name as stored: trimmed, NFC. */
  name: string
  extension: string
  claimed: MediaKind
}

// C0 and C1 controls, and the bidirectional overrides that can disguise an
// extension ("photo\u202Egnp.exe").
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/

/** A plain file name with an extension we accept, or why not. Touches nothing. */
export function checkFileName(raw: string): { ok: true; value: CheckedName } | { ok: false; refusal: MediaRefusal } {
  const name = raw.normalize('NFC').trim()
  const refuse = (key: MessageKey, params?: MediaRefusal['params'], status: MediaRefusal['status'] = 400) => ({
    ok: false as const,
    refusal: { key, params, status },
  })
  if (!name) return refuse('media.error.nameEmpty')
  if (CONTROL.test(name)) return refuse('media.error.nameControl')
  if (name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.startsWith('..')) return refuse('media.error.namePath')
  if (name.startsWith('.')) return refuse('media.error.nameHidden')
  if (name.length > MAX_NAME_LENGTH) return refuse('media.error.nameLong', { max: MAX_NAME_LENGTH })
  const extension = path.extname(name).slice(1).toLowerCase()
  if (extension === 'svg') return refuse('media.error.svg', undefined, 422)
  const claimed = Object.hasOwn(MEDIA_EXTENSIONS, extension) ? MEDIA_EXTENSIONS[extension] : undefined
  if (!claimed) return refuse('media.error.type', undefined, 422)
  return { ok: true, value: { name, extension, claimed } }
}

export type Sniffed = { kind: MediaKind; mime: string } | { kind: 'svg' } | null

const ascii = (bytes: Uint8Array, start: number, end: number) => Buffer.from(bytes.subarray(start, end)).toString('latin1')
const startsWith = (bytes: Uint8Array, signature: number[], offset = 0) => signature.every((b, i) => bytes[offset + i] === b)

// ISO base media files whose major brand is a still image (HEIF, AVIF), not a video.
const IMAGE_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1', 'avif', 'avis'])

/** The kind and type of a file from its first bytes (64 are enough); null when it is none we accept. */
export function sniffBytes(head: Uint8Array): Sniffed {
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { kind: 'image', mime: 'image/png' }
  if (startsWith(head, [0xff, 0xd8, 0xff])) return { kind: 'image', mime: 'image/jpeg' }
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return { kind: 'image', mime: 'image/webp' }
  if (ascii(head, 4, 8) === 'ftyp') {
    return IMAGE_BRANDS.has(ascii(head, 8, 12)) ? null : { kind: 'video', mime: 'video/mp4' }
  }
  // WebM is Matroska with the document type "webm" in its EBML header.
  if (startsWith(head, [0x1a, 0x45, 0xdf, 0xa3])) return ascii(head, 4, 64).includes('webm') ? { kind: 'video', mime: 'video/webm' } : null
  if (ascii(head, 0, 5) === '%PDF-') return { kind: 'pdf', mime: 'application/pdf' }
  const text = Buffer.from(head)
    .toString('utf8')
    .replace(/^\ufeff/, '')
  if (/^WEBVTT([ \t\r\n]|$)/.test(text)) return { kind: 'captions', mime: 'text/vtt; charset=utf-8' }
  if (/^\s*(<\?xml|<!doctype svg|<svg)/i.test(text)) return { kind: 'svg' }
  return null
}

/** Reads the first bytes of a file and sniffs them. */
export async function sniffFile(file: string): Promise<Sniffed> {
  const handle = await fs.promises.open(file, 'r')
  try {
    const head = new Uint8Array(64)
    const { bytesRead } = await handle.read(head, 0, head.length, 0)
    return sniffBytes(head.subarray(0, bytesRead))
  } finally {
    await handle.close()
  }
}

/**
 * What a file named `name` is, judged by its content: the sniffed kind must be
 * the one the extension claims, and the size within that kind's limit.
 */
export function judgeContent(
  name: CheckedName,
  sniffed: Sniffed,
  size: number,
): { ok: true; kind: MediaKind; mime: string } | { ok: false; refusal: MediaRefusal } {
  const refuse = (refusal: MediaRefusal) => ({ ok: false as const, refusal })
  if (size === 0) return refuse({ key: 'media.error.empty', status: 422 })
  if (sniffed?.kind === 'svg') return refuse({ key: 'media.error.svg', status: 422 })
  if (!sniffed) return refuse({ key: 'media.error.notKind', params: { extension: name.extension, claimed: name.claimed }, status: 422 })
  if (sniffed.kind !== name.claimed) {
    return refuse({ key: 'media.error.mismatch', params: { extension: name.extension, claimed: name.claimed, actual: sniffed.kind }, status: 422 })
  }
  const tooLarge = sizeRefusal(sniffed.kind, size)
  return tooLarge ? refuse(tooLarge) : { ok: true, kind: sniffed.kind, mime: sniffed.mime }
}

/** A refusal when `size` bytes are more than a file of `kind` may have. */
export function sizeRefusal(kind: MediaKind, size: number): MediaRefusal | null {
  if (size <= MEDIA_LIMITS[kind]) return null
  return { key: 'media.error.tooLarge', params: { kind, size, max: MEDIA_LIMITS[kind] }, status: 413 }
}

/** Captions are read by browsers as UTF-8 text: anything else is not a caption file. */
export async function isUtf8Text(file: string): Promise<boolean> {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(await fs.promises.readFile(file))
    return true
  } catch {
    return false
  }
}
