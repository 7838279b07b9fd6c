import type { Submission } from '@conform-to/react'
import { parseWithZod } from '@conform-to/zod'
import type { Params } from '@remix-run/react'
import { z, type input, type output, type ZodObject, type ZodRawShape, type ZodTypeAny } from 'zod'
import { invariantResponse, notFound } from './errors.ts'

// Conform turns field names into nested objects and arrays before any schema
// sees them, and a refused submission's reply sends that value back. So the
// cost of a form is set by its names, not its size: items[10000000] alone
// made the server write 30 MB; 58,000 fields of x[i][j][999] (each index
// within bounds) built arrays of 58 million places, took 35 s and 0.7 GB; a
// name nested 10,000 deep failed with a RangeError; 20,000 values of one
// field cost Conform seconds (it copies the list for each). The app's largest
// forms (a survey, the support form with a cohort's teachers ticked) have
// well under a thousand fields, none more than three names deep. A form
// beyond any of these bounds is refused before Conform reads anything.
export const MAX_FIELD_INDEX = 999
export const MAX_FORM_FIELDS = 1000
export const MAX_FIELD_DEPTH = 4
export const MAX_FIELD_NAME_LENGTH = 200
/** Places of all the arrays the names imply together (y[999] alone is 1,000). */
export const MAX_ARRAY_PLACES = 2000
// Conform's own fields for intents and state, which name paths of their own in
// JSON. No form here uses them; a client that sends them is refused.
const RESERVED = new Set(['__intent__', '__state__'])

// Conform's path grammar: names joined by dots, indices in brackets, [] to append.
const SEGMENT = /([^.[\]]+)|\[(\d*)\]/g

/** Why the field names of a form are refused (for tests and logs), or null when Conform may read them. */
export function fieldNamesRefusal(names: Iterable<string>): 'fields' | 'name' | 'depth' | 'index' | 'places' | null {
  // The highest place taken so far in each array, by the array's own path (the name up to its bracket).
  const highest = new Map<string, number>()
  let fields = 0
  let places = 0
  for (const name of names) {
    if (++fields > MAX_FORM_FIELDS) return 'fields'
    if (!name || name.length > MAX_FIELD_NAME_LENGTH || RESERVED.has(name)) return 'name'
    let depth = 0
    let end = 0
    for (const match of name.matchAll(SEGMENT)) {
      // Segments follow each other, or have one dot between them; anything else is not a name a form here writes.
      if (match.index !== end && !(match.index === end + 1 && name[end] === '.' && depth > 0)) return 'name'
      end = match.index + match[0].length
      if (++depth > MAX_FIELD_DEPTH) return 'depth'
      const index = match[2]
      if (index === undefined) continue
      const array = name.slice(0, match.index)
      const before = highest.get(array) ?? -1
      const place = index === '' ? before + 1 : Number(index)
      if (place > MAX_FIELD_INDEX) return 'index'
      if (place <= before) continue
      places += place - before
      if (places > MAX_ARRAY_PLACES) return 'places'
      highest.set(array, place)
    }
    if (end !== name.length) return 'name'
  }
  return null
}

/** Conform's parseWithZod for an action, after refusing field names that would build huge values (400, translated). */
export const parseSubmission: typeof parseWithZod = ((payload: FormData | URLSearchParams, options: Parameters<typeof parseWithZod>[1]) => {
  invariantResponse(fieldNamesRefusal(payload.keys()) === null, 'error.form.malformed', { status: 400 })
  return parseWithZod(payload, options)
}) as typeof parseWithZod

/**
 * The one way an action reads its form: the request's body (or a body an
 * upload parser has read already), its field names checked, then Conform and
 * `schema`. A form of several buttons names them by `intent` and passes a
 * z.discriminatedUnion('intent', …).
 */
export async function parseForm<Schema extends ZodTypeAny>(
  source: Request | FormData | URLSearchParams,
  schema: Schema,
  options: { disableAutoCoercion?: boolean } = {},
): Promise<Submission<input<Schema>, string[], output<Schema>>> {
  const payload = source instanceof Request ? await source.formData() : source
  return parseSubmission(payload, { schema, disableAutoCoercion: options.disableAutoCoercion })
}

// A route passes its shape as a new object literal on every request; building
// the object schema from it costs more than parsing a few parameters. The
// schemas are kept by the shape's keys and field schemas, which come from the
// code, not from requests: a handful.
const paramsSchemas = new Map<string, { fields: unknown[]; schema: ZodObject<ZodRawShape> }[]>()
function paramsSchema<Shape extends ZodRawShape>(shape: Shape): ZodObject<Shape> {
  const key = Object.keys(shape).join('/')
  const fields = Object.values(shape)
  const kept = paramsSchemas.get(key) ?? []
  let entry = kept.find((e) => e.fields.length === fields.length && e.fields.every((field, i) => field === fields[i]))
  if (!entry) {
    entry = { fields, schema: z.object(shape) }
    // A shape built afresh on each call (a field schema made inline) is not kept past a few.
    if (kept.length < 8) paramsSchemas.set(key, [...kept, entry])
  }
  return entry.schema as ZodObject<Shape>
}

/** Route parameters through a schema; any that do not fit are a 404, as a page that does not exist. */
export function parseParams<Shape extends ZodRawShape>(params: Params, shape: Shape): z.output<ZodObject<Shape>> {
  const parsed = paramsSchema(shape).safeParse(params)
  if (!parsed.success) notFound()
  return parsed.data
}

/**
 * The one way an endpoint that speaks JSON (the offline sessions' sync, the
 * live preview) reads its body: the request's JSON, or a value already read,
 * through `schema`. A body that is not JSON fails as a wrong one does.
 */
export async function parseJson<Schema extends ZodTypeAny>(
  source: Request | unknown,
  schema: Schema,
): Promise<z.SafeParseReturnType<input<Schema>, output<Schema>>> {
  const value = source instanceof Request ? await source.json().catch(() => null) : source
  return schema.safeParse(value)
}
