import path from 'node:path'
import type { Work } from '#app/core/work.server.ts'
import { syncSurveys } from '#app/modules/surveys/source.server.ts'
import { cachedCompiler } from './bundle-cache.server.ts'
import type { FileProblem } from './check.server.ts'
import { publishCourseSource } from './publish.server.ts'
import { readContent } from './source.server.ts'

export const DEFAULT_CONTENT_ROOT = path.resolve('content')

export interface SyncReport {
  published: string[]
  unchanged: string[]
  failed: { slug: string; problems: FileProblem[] }[]
  compiled: number
  cached: number
}

/**
 * Brings the database in step with content/: a course whose sources changed
 * gets a new published version (idempotent, by content hash); a course with
 * problems is reported and keeps serving its last good version.
 */
export async function syncContent(work: Work, root: string = DEFAULT_CONTENT_ROOT): Promise<SyncReport> {
  const stats = { compiled: 0, cached: 0 }
  const compile = cachedCompiler(work, stats)
  const report: SyncReport = { published: [], unchanged: [], failed: [], compiled: 0, cached: 0 }
  // Surveys first: courses name them in their schedules.
  const surveys = await syncSurveys(work, root)
  report.published.push(...surveys.published.map((s) => `surveys/${s}`))
  report.failed.push(...surveys.failed)
  for (const course of readContent(root)) {
    const result = await publishCourseSource(work, course, { origin: 'files', publishedBy: null, changeNote: null, contentRoot: root, compile })
    if (!result.ok) report.failed.push({ slug: course.slug, problems: result.problems })
    else if (result.madeCurrent) report.published.push(course.slug)
    else report.unchanged.push(course.slug)
  }
  report.compiled = stats.compiled
  report.cached = stats.cached
  return report
}

export function formatProblems(problems: FileProblem[]): string {
  return problems.map((p) => `content/${p.file}:${p.line}:${p.column}: ${p.message}`).join('\n')
}
