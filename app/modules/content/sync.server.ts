import path from 'node:path'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { checkCourse, type FileProblem } from './check.server.ts'
import { bundleCacheKey, compileLesson, sha256, type CompiledLesson, type FailedLesson } from './compile-mdx.server.ts'
import type { QuizKey } from './manifest.ts'
import { readContent } from './source.server.ts'
import { syncSurveys } from '#app/modules/surveys/source.server.ts'

export const DEFAULT_CONTENT_ROOT = path.resolve('content')

export interface SyncReport {
  published: string[]
  unchanged: string[]
  failed: { slug: string; problems: FileProblem[] }[]
  compiled: number
  cached: number
}

/** Compiles through the bundle cache in the database. */
function cachedCompiler(db: Database, stats: { compiled: number; cached: number }) {
  return async (source: string): Promise<CompiledLesson | FailedLesson> => {
    const key = bundleCacheKey(source)
    const hit = await db.selectFrom('mdx_bundles').selectAll().where('cache_key', '=', key).executeTakeFirst()
    if (hit) {
      stats.cached++
      const facts = JSON.parse(hit.facts) as Pick<CompiledLesson, 'reflections' | 'links'>
      return { ok: true, code: hit.code, frontmatter: JSON.parse(hit.frontmatter), quizzes: JSON.parse(hit.quizzes) as QuizKey[], ...facts }
    }
    const out = await compileLesson(source)
    stats.compiled++
    if (out.ok) {
      await db
        .insertInto('mdx_bundles')
        .values({
          cache_key: key, code: out.code, frontmatter: JSON.stringify(out.frontmatter), quizzes: JSON.stringify(out.quizzes),
          facts: JSON.stringify({ reflections: out.reflections, links: out.links }), created_at: nowIso(),
        })
        .onConflict((oc) => oc.column('cache_key').doNothing())
        .execute()
    }
    return out
  }
}

/**
 * Brings the database in step with content/: a course whose sources changed
 * gets a new published version (idempotent, by content hash); a course with
 * problems is reported and keeps serving its last good version.
 */
export async function syncContent(db: Database, root: string = DEFAULT_CONTENT_ROOT): Promise<SyncReport> {
  const stats = { compiled: 0, cached: 0 }
  const compile = cachedCompiler(db, stats)
  const report: SyncReport = { published: [], unchanged: [], failed: [], compiled: 0, cached: 0 }
  // Surveys first: courses name them in their schedules.
  const surveys = await syncSurveys(db, root)
  report.published.push(...surveys.published.map((s) => `surveys/${s}`))
  report.failed.push(...surveys.failed)
  for (const course of readContent(root)) {
    const check = await checkCourse(course, { contentRoot: root, compile })
    if (check.problems.length || !check.manifest) {
      report.failed.push({ slug: course.slug, problems: check.problems })
      continue
    }
    const contentHash = sha256(
      JSON.stringify([course.ymlText, ...course.lessons.map((l) => [l.path, l.source])]),
    )
    const manifest = check.manifest
    const created = await db.transaction().execute(async (trx) => {
      const stamp = nowIso()
      await trx
        .insertInto('courses')
        .values({ id: course.slug, audience: manifest.audience, current_version_id: null, created_at: stamp, updated_at: stamp })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute()
      const existing = await trx.selectFrom('course_versions').select('id').where('course_id', '=', course.slug).where('content_hash', '=', contentHash).executeTakeFirst()
      const versionId = existing?.id ?? newId()
      if (!existing) {
        await trx
          .insertInto('course_versions')
          .values({ id: versionId, course_id: course.slug, content_hash: contentHash, manifest: JSON.stringify(manifest), source: 'files', published_by: null, change_note: null, published_at: stamp })
          .execute()
        for (const q of check.quizzes) {
          await trx
            .insertInto('quiz_keys')
            .values({ course_version_id: versionId, quiz_id: q.key.id, kind: q.key.kind, module_id: q.moduleId, lesson_id: q.lessonId, questions: JSON.stringify(q.key.questions) })
            .execute()
        }
      }
      // Point every lesson at the bundle of the current compiler, so a compiler
      // or plugin upgrade never leaves a version serving stale bundles.
      for (const { lesson } of check.lessons) {
        await trx
          .insertInto('version_lessons')
          .values({ course_version_id: versionId, module_id: lesson.moduleId, lesson_id: lesson.lessonId, lang: lesson.lang as never, source_hash: sha256(lesson.source), bundle_key: bundleCacheKey(lesson.source) })
          .onConflict((oc) => oc.columns(['course_version_id', 'module_id', 'lesson_id', 'lang']).doUpdateSet({ bundle_key: bundleCacheKey(lesson.source) }))
          .execute()
      }
      const current = await trx.selectFrom('courses').select('current_version_id').where('id', '=', course.slug).executeTakeFirstOrThrow()
      if (current.current_version_id !== versionId) {
        await trx.updateTable('courses').set({ current_version_id: versionId, updated_at: stamp }).where('id', '=', course.slug).execute()
        return true
      }
      return false
    })
    if (created) report.published.push(course.slug)
    else report.unchanged.push(course.slug)
  }
  report.compiled = stats.compiled
  report.cached = stats.cached
  return report
}

export function formatProblems(problems: FileProblem[]): string {
  return problems.map((p) => `content/${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n')
}
