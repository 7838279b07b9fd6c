import { z } from 'zod'
import { slugPattern } from '#app/modules/content/manifest.ts'

// The shapes of values that arrive in URLs, written once.

/** A record id (db/ids.server.ts): 16 characters of lowercase base32; older and imported ids are up to 40 of [A-Za-z0-9_-]. */
export const Id = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/)

/** A course, module or lesson slug as the content tree names them. */
export const Slug = z.string().max(80).regex(slugPattern)
