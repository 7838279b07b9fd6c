import { z } from 'zod'
import { write, type Work } from '#app/core/work.server.ts'
import { bundleCacheKey, compileLesson, type CompiledLesson, type FailedLesson } from './compile-mdx.server.ts'

export interface CompileStats {
  compiled: number
  cached: number
}

// What a cached bundle keeps beside its code, read back through schemas: a
// row written by an older compiler must fail loudly, not pass for a lesson.
const FrontmatterSchema = z.object({ title: z.string(), minutes: z.number() })
const QuizzesSchema = z.array(
  z.object({
    id: z.string(),
    kind: z.enum(['diagnostic', 'module', 'final']),
    questions: z.array(z.object({ id: z.string(), type: z.enum(['single', 'multiple']), options: z.array(z.string()), correct: z.array(z.string()) })),
  }),
)
const FactsSchema = z.object({ reflections: z.array(z.string()), links: z.array(z.object({ url: z.string(), line: z.number() })) })

/** Compiles through the bundle cache in the database: a source compiled once is never compiled again. */
export function cachedCompiler(work: Work, stats: CompileStats = { compiled: 0, cached: 0 }) {
  const { db } = work
  return async (source: string): Promise<CompiledLesson | FailedLesson> => {
    const key = bundleCacheKey(source)
    const hit = await db.selectFrom('mdx_bundles').selectAll().where('cache_key', '=', key).executeTakeFirst()
    if (hit) {
      stats.cached++
      const facts = FactsSchema.parse(JSON.parse(hit.facts))
      return { ok: true, code: hit.code, frontmatter: FrontmatterSchema.parse(JSON.parse(hit.frontmatter)), quizzes: QuizzesSchema.parse(JSON.parse(hit.quizzes)), ...facts }
    }
    const out = await compileLesson(source)
    stats.compiled++
    if (out.ok) {
      await write(work, (tx) =>
        tx.db
          .insertInto('mdx_bundles')
          .values({
            cache_key: key, code: out.code, frontmatter: JSON.stringify(out.frontmatter), quizzes: JSON.stringify(out.quizzes),
            facts: JSON.stringify({ reflections: out.reflections, links: out.links }), created_at: work.now().toISOString(),
          })
          .onConflict((oc) => oc.column('cache_key').doNothing())
          .execute(),
      )
    }
    return out
  }
}
