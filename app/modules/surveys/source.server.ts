import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Database } from '#db/client.server.ts'
import { newId } from '#db/ids.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import type { FileProblem } from '#app/modules/content/check.server.ts'
import { parseYamlWithLines } from '#app/modules/content/yaml-lines.server.ts'
import { SurveySchema, type SurveyDefinition } from './definition.ts'
import { write, type Work } from '#app/core/work.server.ts'

// content/surveys/<slug>.yml: checked with line numbers, and synced into
// immutable survey versions by content hash (a changed file is a new version).

export interface SurveySource {
  slug: string
  file: string
  text: string
}

export function readSurveys(root: string): SurveySource[] {
  const dir = path.join(root, 'surveys')
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.yml'))
    .sort()
    .map((f) => ({ slug: f.slice(0, -'.yml'.length), file: path.join('surveys', f), text: fs.readFileSync(path.join(dir, f), 'utf8') }))
}

export function checkSurvey(source: SurveySource): { problems: FileProblem[]; definition: SurveyDefinition | null } {
  const problems: FileProblem[] = []
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(source.slug))
    problems.push({ file: source.file, line: 1, column: 1, message: 'a survey file name is lower-case latin letters, digits and hyphens' })
  const { doc, errors, lineOf } = parseYamlWithLines(source.text)
  if (errors.length) return { problems: [...problems, ...errors.map((e) => ({ file: source.file, ...e }))], definition: null }
  const parsed = SurveySchema.safeParse(doc.toJS())
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      problems.push({ file: source.file, line: lineOf(issue.path), column: 1, message: `${issue.path.join('.') || 'survey'}: ${issue.message}` })
    return { problems, definition: null }
  }
  return { problems, definition: parsed.success ? parsed.data : null }
}

export interface SurveySyncReport {
  published: string[]
  unchanged: string[]
  failed: { slug: string; problems: FileProblem[] }[]
}

export async function syncSurveys(work: Work, root: string): Promise<SurveySyncReport> {
  const report: SurveySyncReport = { published: [], unchanged: [], failed: [] }
  for (const source of readSurveys(root)) {
    const { problems, definition } = checkSurvey(source)
    if (problems.length || !definition) {
      report.failed.push({ slug: source.slug, problems })
      continue
    }
    const hash = createHash('sha256').update(JSON.stringify(definition)).digest('hex')
    const changed = await write(work, async (tx) => {
      const trx = tx.db
      await trx
        .insertInto('surveys')
        .values({ id: source.slug, current_version_id: null, created_at: nowIso() })
        .onConflict((oc) => oc.column('id').doNothing())
        .execute()
      const existing = await trx
        .selectFrom('survey_versions')
        .select('id')
        .where('survey_id', '=', source.slug)
        .where('content_hash', '=', hash)
        .executeTakeFirst()
      const versionId = existing?.id ?? newId()
      if (!existing) {
        await trx
          .insertInto('survey_versions')
          .values({
            id: versionId,
            survey_id: source.slug,
            content_hash: hash,
            definition: JSON.stringify(definition),
            purpose: definition.purpose,
            anonymous: definition.anonymous ? 1 : 0,
            published_at: nowIso(),
          })
          .execute()
      }
      const current = await trx.selectFrom('surveys').select('current_version_id').where('id', '=', source.slug).executeTakeFirstOrThrow()
      if (current.current_version_id === versionId) return false
      await trx.updateTable('surveys').set({ current_version_id: versionId }).where('id', '=', source.slug).execute()
      return true
    })
    ;(changed ? report.published : report.unchanged).push(source.slug)
  }
  return report
}

const definitions = new Map<string, SurveyDefinition>()

/** A survey version's definition; versions are immutable, so it is kept in memory. */
export async function versionDefinition(db: Database, versionId: string): Promise<SurveyDefinition | null> {
  const cached = definitions.get(versionId)
  if (cached) return cached
  const row = await db.selectFrom('survey_versions').select('definition').where('id', '=', versionId).executeTakeFirst()
  if (!row) return null
  // Checked as it was when published; read back through the same schema, never cast.
  const def = SurveySchema.parse(JSON.parse(row.definition))
  definitions.set(versionId, def)
  return def
}
