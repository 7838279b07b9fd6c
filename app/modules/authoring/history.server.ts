import type { Work } from '#app/core/work.server.ts'
import { flatLessons, type ManifestLesson } from '#app/modules/content/manifest.ts'
import { versionManifest } from '#app/modules/courses/catalogue.server.ts'
import type { MovePlan } from './cohort-move.server.ts'
import { diffFileSets, diffVersions, versionTexts, type FileDiff } from './diff.server.ts'
import { DRAFT } from './compare.ts'
import { loadWorkingCopy } from './draft.server.ts'

// A course's version history for its authors: the versions with who published
// them and how many cohorts each holds, the cohorts, and line diffs between two
// versions or between a version and the draft.

export async function courseHistory(work: Work, courseId: string) {
  const { db } = work
  const course = await db.selectFrom('courses').select('current_version_id').where('id', '=', courseId).executeTakeFirstOrThrow()
  const [rows, pinned, cohorts, drafts] = await Promise.all([
    db
      .selectFrom('course_versions as v')
      .leftJoin('users as u', 'u.id', 'v.published_by')
      .select(['v.id', 'v.content_hash', 'v.source', 'v.change_note', 'v.published_at', 'u.full_name'])
      .where('v.course_id', '=', courseId)
      .orderBy('v.published_at', 'desc')
      .execute(),
    db
      .selectFrom('cohorts')
      .select(['course_version_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('course_id', '=', courseId)
      .groupBy('course_version_id')
      .execute(),
    db
      .selectFrom('cohorts')
      .select(['id', 'title', 'lang', 'starts_on', 'ends_on', 'course_version_id'])
      .where('course_id', '=', courseId)
      .orderBy('starts_on', 'desc')
      .execute(),
    db
      .selectFrom('draft_files')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('course_id', '=', courseId)
      .executeTakeFirstOrThrow(),
  ])
  const manifest = course.current_version_id ? await versionManifest(db, course.current_version_id) : null
  return {
    current: course.current_version_id,
    title: manifest?.title ?? null,
    versions: rows.map((r) => ({
      id: r.id,
      hash: r.content_hash.slice(0, 12),
      source: r.source,
      note: r.change_note,
      publishedAt: r.published_at,
      by: r.full_name,
      cohorts: Number(pinned.find((p) => p.course_version_id === r.id)?.n ?? 0),
    })),
    cohorts: cohorts.map((c) => ({ id: c.id, title: c.title, lang: c.lang, startsOn: c.starts_on, endsOn: c.ends_on, versionId: c.course_version_id })),
    draftCount: Number(drafts.n),
  }
}

/** The line diff from one version to another version or to the draft (DRAFT). */
export async function compareVersions(work: Work, courseId: string, from: string, to: string): Promise<FileDiff[]> {
  if (to === DRAFT) {
    const copy = await loadWorkingCopy(work, courseId)
    return diffFileSets(await versionTexts(work, from), new Map([...copy.files].map(([path, f]) => [path, f.text])))
  }
  return from === to ? [] : diffVersions(work, from, to)
}

/** The lessons a move plan names, with their titles from either version. */
export async function planLessons(work: Work, plan: MovePlan) {
  const titles = new Map<string, ManifestLesson['title']>()
  for (const id of [plan.fromVersionId, plan.toVersionId]) {
    const manifest = await versionManifest(work.db, id)
    for (const { module, lesson } of manifest ? flatLessons(manifest) : []) titles.set(`${module.id}/${lesson.id}`, lesson.title)
  }
  const named = (keys: string[]) => keys.map((key) => ({ key, title: titles.get(key) ?? null }))
  return { changed: named(plan.changed), removed: named(plan.removed), added: named(plan.added), unchanged: named(plan.unchanged) }
}

/** The title of the course's current version; null before its first. */
export async function currentCourseTitle(work: Work, courseId: string) {
  const course = await work.db.selectFrom('courses').select('current_version_id').where('id', '=', courseId).executeTakeFirst()
  const manifest = course?.current_version_id ? await versionManifest(work.db, course.current_version_id) : null
  return manifest?.title ?? null
}

/** One of the course's cohorts, or null when the course has no cohort of that id. */
export async function courseCohort(work: Work, courseId: string, cohortId: string): Promise<{ id: string; title: string } | null> {
  const row = await work.db.selectFrom('cohorts').select(['id', 'title']).where('id', '=', cohortId).where('course_id', '=', courseId).executeTakeFirst()
  return row ?? null
}

/** When a version was published, with its note and its publisher's name; null for no version. */
export async function versionSummary(work: Work, versionId: string | null): Promise<{ publishedAt: string; note: string | null; by: string | null } | null> {
  if (!versionId) return null
  const row = await work.db
    .selectFrom('course_versions')
    .leftJoin('users', 'users.id', 'course_versions.published_by')
    .select(['course_versions.published_at', 'course_versions.change_note', 'users.full_name'])
    .where('course_versions.id', '=', versionId)
    .executeTakeFirst()
  return row ? { publishedAt: row.published_at, note: row.change_note, by: row.full_name } : null
}
