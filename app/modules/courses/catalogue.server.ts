import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import type { CourseManifest } from '#app/modules/content/manifest.ts'
import type { Locale } from '#app/i18n/locales.ts'
import { pickLocalized, totalMinutes } from '#app/modules/content/manifest.ts'
import { matchesSearch } from './catalogue-search.ts'
import { StoredManifestSchema } from './stored-manifest.ts'
import { prepared } from '#db/prepared.server.ts'

// Published versions are immutable, so a parsed manifest can be kept for the
// life of the process. Takes a database rather than a work: many modules read
// a manifest inside their own transactions.
const manifests = new Map<string, CourseManifest>()

export async function versionManifest(db: Database, versionId: string): Promise<CourseManifest | null> {
  const cached = manifests.get(versionId)
  if (cached) return cached
  const row = await db.selectFrom('course_versions').select('manifest').where('id', '=', versionId).executeTakeFirst()
  if (!row) return null
  const manifest = StoredManifestSchema.parse(JSON.parse(row.manifest))
  manifests.set(versionId, manifest)
  return manifest
}

export interface CatalogueFilter {
  audience?: 'teachers' | 'parents'
  lang?: string
  hoursMin?: number
  hoursMax?: number
  /** Words to find in the title and description as the reader sees them, in `locale`. */
  search?: { query: string; locale: Locale }
}

export interface CatalogueEntry {
  slug: string
  versionId: string
  manifest: CourseManifest
  minutes: number
  openCohorts: number
}

/** Published courses, with how many cohorts are open for enrolment. */
export async function listCatalogue(work: Work, filter: CatalogueFilter = {}, today: string): Promise<CatalogueEntry[]> {
  const { db } = work
  const rows = await db
    .selectFrom('courses')
    .select(['id', 'current_version_id', 'audience'])
    .where('current_version_id', 'is not', null)
    .orderBy('id')
    .execute()
  const open = await db
    .selectFrom('cohorts')
    .select(['course_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('status', '=', 'open')
    .where('ends_on', '>=', today)
    .groupBy('course_id')
    .execute()
  const entries: CatalogueEntry[] = []
  for (const row of rows) {
    const manifest = await versionManifest(db, row.current_version_id!)
    if (!manifest) continue
    if (filter.audience && manifest.audience !== filter.audience) continue
    if (filter.lang && !manifest.languages.includes(filter.lang as never)) continue
    if (filter.hoursMin !== undefined && manifest.hours < filter.hoursMin) continue
    if (filter.hoursMax !== undefined && manifest.hours > filter.hoursMax) continue
    const search = filter.search
    if (search && !matchesSearch([pickLocalized(manifest.title, search.locale), pickLocalized(manifest.summary, search.locale)], search.query)) continue
    entries.push({
      slug: row.id,
      versionId: row.current_version_id!,
      manifest,
      minutes: totalMinutes(manifest),
      openCohorts: Number(open.find((o) => o.course_id === row.id)?.n ?? 0),
    })
  }
  return entries
}

const publishedRead = prepared((db, slug: string) => db.selectFrom('courses').select(['id', 'current_version_id', 'audience']).where('id', '=', slug))

export async function getPublishedCourse(work: Work, slug: string) {
  const row = await publishedRead.first(work.db, slug)
  if (!row?.current_version_id) return null
  const manifest = await versionManifest(work.db, row.current_version_id)
  return manifest ? { slug: row.id, versionId: row.current_version_id, manifest } : null
}
