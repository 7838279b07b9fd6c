import { newId } from '#db/ids.server.ts'
import { write, type Tx, type Work } from '#app/core/work.server.ts'
import { checkCourse, type CheckOptions, type CourseCheck, type FileProblem } from './check.server.ts'
import { bundleCacheKey, sha256 } from './compile-mdx.server.ts'
import { filesOfCourse, type CourseSource } from './source.server.ts'
import { hasVersionFiles, recordVersionFiles, versionFiles } from './version-files.server.ts'
import { approvedFacts, setApprovedFacts } from '#app/modules/accreditation/approved.server.ts'
import { factChanges, factsOf, type AccreditationFacts, type FactChange } from '#app/modules/accreditation/facts.ts'

// Publishing, in one place for both ways a version is made: `content:sync`
// from files under content/, and an author's draft in the app. A version is
// immutable and named by the hash of its sources. Neither way changes what a
// certificate certifies: a version must carry the course's approved
// accreditation facts, or the ones an admin's approval applies (ADR 017).

export interface PublishOptions extends CheckOptions {
  origin: 'files' | 'app'
  publishedBy: string | null
  changeNote: string | null
  /** When each file last changed (a draft knows); otherwise carried from the previous version. */
  changedAt?: Map<string, string>
  /** Runs inside the publishing write once the version exists (e.g. media becomes public), with its transaction. */
  afterPublish?: (tx: Tx, versionId: string, check: CourseCheck) => Promise<void>
  /** The facts an admin's approval applies now; without it a version must carry the course's approved facts. */
  acceptFacts?: AccreditationFacts
  /** The version the source was built on: refused (stale) when another publish made a different one current meanwhile. */
  basedOn?: string
}

export type PublishResult =
  | { ok: true; versionId: string; created: boolean; madeCurrent: boolean }
  | { ok: false; problems: FileProblem[]; factChanges?: FactChange[]; stale?: true }

/** The hash that names a version: course.yml and every lesson, by path. */
export function contentHashOf(course: CourseSource): string {
  return sha256(JSON.stringify([course.ymlText, ...course.lessons.map((l) => [l.path, l.source])]))
}

/**
 * Checks and publishes a course's sources as one write. A version that
 * becomes current emits 'course.published' (its approval may count).
 */
export async function publishCourseSource(work: Work, course: CourseSource, options: PublishOptions): Promise<PublishResult> {
  const check = await checkCourse(course, options)
  if (check.problems.length || !check.manifest) return { ok: false, problems: check.problems }
  const manifest = check.manifest
  const contentHash = contentHashOf(course)
  return write(work, async (tx) => {
    const trx = tx.db
    const stamp = work.now().toISOString()
    await trx
      .insertInto('courses')
      .values({ id: course.slug, audience: manifest.audience, current_version_id: null, created_at: stamp, updated_at: stamp })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute()
    const { current_version_id: currentId } = await trx.selectFrom('courses').select('current_version_id').where('id', '=', course.slug).executeTakeFirstOrThrow()
    if (options.basedOn !== undefined && currentId !== options.basedOn) return { ok: false, problems: [], stale: true }
    const existing = await trx.selectFrom('course_versions').select('id').where('course_id', '=', course.slug).where('content_hash', '=', contentHash).executeTakeFirst()
    const versionId = existing?.id ?? newId()
    const files = filesOfCourse(course)
    // Files that match a version already published never move the course back
    // to it: content/ may lag behind what authors published in the app until
    // `content:export` writes it out. An author re-publishing old text does.
    const madeCurrent = currentId !== versionId && (!existing || options.origin === 'app' || !currentId)
    const facts = factsOf(manifest)
    const approved = await approvedFacts(trx, course.slug)
    if (!approved) {
      // A course's first version (from content/, reviewed in git) establishes its facts.
      await setApprovedFacts(trx, course.slug, facts, { userId: null, requestId: null })
    } else if (!existing || madeCurrent) {
      const changes = factChanges(options.acceptFacts ?? approved, facts)
      if (changes.length) return { ok: false, problems: [factsProblem(course, changes)], factChanges: changes }
    }
    if (!existing) {
      await trx
        .insertInto('course_versions')
        .values({
          id: versionId, course_id: course.slug, content_hash: contentHash, manifest: JSON.stringify(manifest), source: options.origin,
          published_by: options.publishedBy, change_note: options.changeNote, published_at: stamp,
        })
        .execute()
      for (const q of check.quizzes) {
        await trx
          .insertInto('quiz_keys')
          .values({ course_version_id: versionId, quiz_id: q.key.id, kind: q.key.kind, module_id: q.moduleId, lesson_id: q.lessonId, questions: JSON.stringify(q.key.questions) })
          .execute()
      }
      const previous = currentId ? await versionFiles(trx, currentId) : null
      await recordVersionFiles(trx, versionId, files, { previous, changedAt: options.changedAt })
    } else if (!(await hasVersionFiles(trx, versionId))) {
      // A version published before sources were kept: the same hash means the same files.
      await recordVersionFiles(trx, versionId, files)
    }
    // Point every lesson at the bundle of the current compiler, so a compiler
    // or plugin upgrade never leaves a version serving stale bundles.
    for (const { lesson } of check.lessons) {
      const bundleKey = bundleCacheKey(lesson.source)
      await trx
        .insertInto('version_lessons')
        .values({ course_version_id: versionId, module_id: lesson.moduleId, lesson_id: lesson.lessonId, lang: lesson.lang as never, source_hash: sha256(lesson.source), bundle_key: bundleKey })
        .onConflict((oc) => oc.columns(['course_version_id', 'module_id', 'lesson_id', 'lang']).doUpdateSet({ bundle_key: bundleKey }))
        .execute()
    }
    if (madeCurrent) {
      await trx.updateTable('courses').set({ current_version_id: versionId, updated_at: stamp }).where('id', '=', course.slug).execute()
    }
    if (madeCurrent) tx.emit({ type: 'course.published', courseSlug: course.slug })
    if (options.afterPublish) await options.afterPublish(tx, versionId, check)
    return { ok: true, versionId, created: !existing, madeCurrent }
  })
}

function factsProblem(course: CourseSource, changes: FactChange[]): FileProblem {
  const list = changes.map((c) => `${c.fact}: ${String(c.from)} → ${String(c.to)}`).join('; ')
  return { file: course.ymlPath, line: 1, column: 1, message: `the accreditation facts differ from the approved ones (${list}); an admin approves a change in the app at /admin/accreditation` }
}
