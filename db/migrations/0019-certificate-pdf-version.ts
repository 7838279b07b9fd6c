import type { Kysely } from 'kysely'

// A certificate's PDF is rendered after the issuing transaction commits (or
// on its first download), and its SHA-256 recorded then. pdf_version names
// the renderer whose bytes pdf_sha256 is the hash of: null until the PDF has
// been rendered (pdf_sha256 is '' then), and a hash of an older renderer is
// recorded again by the current one on the next render. Hashes recorded
// before this migration are of renderer 1.

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- migrations must not depend on the evolving schema type
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('certificates').addColumn('pdf_version', 'integer').execute()
  await db.updateTable('certificates').set({ pdf_version: 1 }).where('pdf_sha256', '<>', '').execute()
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see up()
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('certificates').dropColumn('pdf_version').execute()
}
