import type { Database } from '#db/client.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { bundleCacheKey, compileLesson, type CompiledLesson, type FailedLesson } from './compile-mdx.server.ts'
import type { QuizKey } from './manifest.ts'

export interface CompileStats {
  compiled: number
  cached: number
}

/** Compiles through the bundle cache in the database: a source compiled once is never compiled again. */
export function cachedCompiler(db: Database, stats: CompileStats = { compiled: 0, cached: 0 }) {
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
