// What a centre session recorded on a phone looks like while it waits, and the
// field handling the page and the sync route share. No browser or server APIs
// here: app/routes/centre.sessions.sync.ts imports it too.

/** The record form's fields, as posted, queued and sent to the sync route. */
export const RECORD_FIELDS = ['lesson', 'heldOn', 'facilitator', 'headCount', 'notes', 'clientKey'] as const
export type RecordFields = Partial<Record<(typeof RECORD_FIELDS)[number], string>>

export type ErrorParams = Record<string, string | number>

export interface QueuedSession {
  clientKey: string
  school: string
  fields: RecordFields
  queuedAt: string
  /** Set when the server refused the record: message keys by field, and their placeholders. */
  refused?: { errors: Record<string, string[]>; params?: ErrorParams }
}

export const SYNC_URL = '/centre/sessions/sync'

export const isStringRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value)

export const isIsoDate = (value: string) => /^\d{4}-\d{2}-\d{2}$/.test(value)

export function recordFields(source: FormData | Record<string, unknown>): RecordFields {
  const fields: RecordFields = {}
  for (const name of RECORD_FIELDS) {
    const value = source instanceof FormData ? source.get(name) : source[name]
    if (typeof value === 'string') fields[name] = value
  }
  return fields
}

/**
 * The fields as the sessions module takes them: the lesson select holds
 * "<series>/<module>/<lesson>", the module wants the series and the lesson key
 * apart. The lesson itself stays, so a refused form shows the choice again.
 */
export function sessionFields(fields: RecordFields): Record<string, string> {
  const [courseId = '', ...rest] = (fields.lesson ?? '').split('/')
  const out: Record<string, string> = { courseId, lessonKey: rest.join('/') }
  for (const [name, value] of Object.entries(fields)) if (value !== undefined) out[name] = value
  return out
}

/** A random key for one rendering of the record form (32 hex digits); works in Node and in browsers. */
export function newClientKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('')
}

/** A refusal as stored: only string message keys and string or number placeholders survive. */
export function refusalFrom(errors: unknown, params: unknown): QueuedSession['refused'] {
  const out: Record<string, string[]> = {}
  if (isStringRecord(errors)) {
    for (const [field, list] of Object.entries(errors)) if (Array.isArray(list)) out[field] = list.filter((e): e is string => typeof e === 'string')
  }
  const cleanParams: ErrorParams = {}
  if (isStringRecord(params)) {
    for (const [name, v] of Object.entries(params)) if (typeof v === 'string' || typeof v === 'number') cleanParams[name] = v
  }
  return { errors: Object.keys(out).length ? out : { form: ['error.badRequest.text'] }, params: cleanParams }
}

// What comes back from the phone's storage is checked like any other input.
export function asQueued(value: unknown): QueuedSession | null {
  if (!isStringRecord(value) || typeof value.clientKey !== 'string' || typeof value.school !== 'string' || !isStringRecord(value.fields)) return null
  const refused = isStringRecord(value.refused) ? refusalFrom(value.refused.errors, value.refused.params) : undefined
  return { clientKey: value.clientKey, school: value.school, fields: recordFields(value.fields), queuedAt: String(value.queuedAt ?? ''), refused }
}
