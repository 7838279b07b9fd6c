import * as m0001 from './0001-foundation.ts'

/** Every migration, by name; names sort in the order they run. */
export const migrations = {
  '0001-foundation': m0001,
}
