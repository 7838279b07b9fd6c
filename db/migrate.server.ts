import { Migrator, type Migration, type MigrationProvider } from 'kysely'
import type { Database } from './client.server.ts'
import { migrations } from './migrations/index.ts'

// Migrations are imported statically (not read from a folder at run time) so
// that the same list runs under tsx, Vitest and any bundle.
const provider: MigrationProvider = {
  getMigrations: async () => migrations as Record<string, Migration>,
}

/** Brings the schema to the latest migration; throws with the failing name. */
export async function migrateToLatest(db: Database): Promise<string[]> {
  const migrator = new Migrator({ db, provider })
  const { error, results } = await migrator.migrateToLatest()
  const failed = results?.find((r) => r.status === 'Error')
  if (error) {
    const name = failed ? ` (${failed.migrationName})` : ''
    throw new Error(`Migration failed${name}: ${error instanceof Error ? error.message : String(error)}`)
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName)
}
