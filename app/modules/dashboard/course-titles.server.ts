import { z } from 'zod'
import type { Work } from '#app/core/work.server.ts'
import type { Localized } from '#app/modules/content/manifest.ts'

// The one part of a course version's manifest the dashboard shows: its title (English may be missing).
const ManifestTitleSchema = z.object({ title: z.object({ kk: z.string(), ru: z.string(), en: z.string().optional() }) })

/** Course titles from the current version of each course. */
export async function courseTitles(work: Work, ids?: string[]): Promise<Map<string, Localized>> {
  let query = work.db
    .selectFrom('courses')
    .innerJoin('course_versions', 'course_versions.id', 'courses.current_version_id')
    .select(['courses.id', 'course_versions.manifest'])
  if (ids) query = query.where('courses.id', 'in', ids.length ? ids : [''])
  const rows = await query.execute()
  return new Map(rows.map((r) => [r.id, ManifestTitleSchema.parse(JSON.parse(r.manifest)).title]))
}
