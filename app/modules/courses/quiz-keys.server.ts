import type { Database } from '#db/client.server.ts'
import type { QuizKind } from '#db/schema.ts'
import type { QuizQuestionKey } from '#app/modules/content/manifest.ts'
import { prepared } from '#db/prepared.server.ts'
import { QuizQuestionKeysSchema } from './stored-manifest.ts'

// A quiz's answer key is written with its published version and never changes
// (versions are immutable, identified by their content hash), so a key read
// and parsed once is kept for the life of the process, as versionManifest
// keeps manifests. A quiz answer then grades without asking the database for
// the key, and on PostgreSQL its transaction has one round trip less (ADR 035).

export interface QuizKey {
  kind: QuizKind
  moduleId: string
  lessonId: string
  questions: QuizQuestionKey[]
}

const keys = new Map<string, QuizKey>()

const keyRead = prepared((db, versionId: string, quizId: string) =>
  db.selectFrom('quiz_keys').select(['kind', 'module_id', 'lesson_id', 'questions']).where('course_version_id', '=', versionId).where('quiz_id', '=', quizId),
)

/**
 * The answer key of one quiz of a published version, or null when the version
 * has no such quiz. Only keys found are kept: a quiz id made up by a form
 * costs a read, never memory.
 */
export async function quizKey(db: Database, versionId: string, quizId: string): Promise<QuizKey | null> {
  const name = `${versionId}\u0000${quizId}`
  const kept = keys.get(name)
  if (kept) return kept
  const row = await keyRead.first(db, versionId, quizId)
  if (!row) return null
  const key: QuizKey = {
    kind: row.kind,
    moduleId: row.module_id,
    lessonId: row.lesson_id,
    questions: QuizQuestionKeysSchema.parse(JSON.parse(row.questions)),
  }
  keys.set(name, key)
  return key
}
