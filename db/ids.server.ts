import { encodeBase32LowerCaseNoPadding } from '@oslojs/encoding'

/** A random 16-character id (80 bits): unguessable, so ids in URLs reveal nothing. */
export function newId(): string {
  return encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(10)))
}
