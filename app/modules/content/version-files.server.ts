import type { Database } from '#db/client.server.ts'
import { nowIso } from '#app/modules/clock/clock.server.ts'
import { sha256 } from './compile-mdx.server.ts'

// The files of every published course version, kept as content-addressed
// blobs: a version's sources can be shown, compared and written back out.

export interface VersionFile {
  text: string
  hash: string
  /** When this file's text last changed, carried from version to version. */
  changedAt: string
}

export async function putBlob(db: Database, text: string): Promise<string> {
  const hash = sha256(text)
  await db.insertInto('content_blobs').values({ hash, text, created_at: nowIso() }).onConflict((oc) => oc.column('hash').doNothing()).execute()
  return hash
}

export async function versionFiles(db: Database, versionId: string): Promise<Map<string, VersionFile>> {
  const rows = await db
    .selectFrom('course_version_files as f')
    .innerJoin('content_blobs as b', 'b.hash', 'f.blob_hash')
    .select(['f.path', 'f.blob_hash', 'f.changed_at', 'b.text'])
    .where('f.course_version_id', '=', versionId)
    .orderBy('f.path')
    .execute()
  return new Map(rows.map((r) => [r.path, { text: r.text, hash: r.blob_hash, changedAt: r.changed_at }]))
}

export async function hasVersionFiles(db: Database, versionId: string): Promise<boolean> {
  return Boolean(await db.selectFrom('course_version_files').select('path').where('course_version_id', '=', versionId).limit(1).executeTakeFirst())
}

/**
 * Records a version's files. A file's change time comes from `changedAt` when
 * given (a draft knows when each file was written), else from the previous
 * version when its text is the same, else now.
 */
export async function recordVersionFiles(
  db: Database,
  versionId: string,
  files: Map<string, string>,
  options: { previous?: Map<string, VersionFile> | null; changedAt?: Map<string, string> } = {},
): Promise<void> {
  const stamp = nowIso()
  for (const [path, text] of files) {
    const hash = await putBlob(db, text)
    const before = options.previous?.get(path)
    const changedAt = options.changedAt?.get(path) ?? (before && before.hash === hash ? before.changedAt : stamp)
    await db
      .insertInto('course_version_files')
      .values({ course_version_id: versionId, path, blob_hash: hash, changed_at: changedAt })
      .onConflict((oc) => oc.columns(['course_version_id', 'path']).doNothing())
      .execute()
  }
}
