/** Whether a query failed on a unique index, on SQLite or PostgreSQL: the database refused a second copy of something. */
export function isUniqueViolation(error: unknown): boolean {
  const message = error instanceof Error ? error.message : ''
  return /UNIQUE constraint failed|duplicate key value/i.test(message)
}
