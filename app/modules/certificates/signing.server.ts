import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto'
import fs from 'node:fs'
import type { Database } from '#db/client.server.ts'
import type { Work } from '#app/core/work.server.ts'
import type { CertificateFacts } from './facts.ts'
import { encodePayload, joinToken, splitToken, TOKEN_PREFIX, type TokenPayload } from './token.ts'

// The institute's Ed25519 key. Production names a key file in its settings
// (`certSigningKeyFile`, a PKCS#8 PEM kept outside the database); otherwise a
// key is made on first use and kept in app_settings, so every process of one
// deployment signs with the same key.

const SETTING = 'certificate_signing_key'
const keys = new WeakMap<Database, KeyObject>()

/** The signing key: read from `keyFile` when one is set, else kept in the database (a transaction's or not). */
export async function signingKey(db: Database, keyFile: string | null): Promise<KeyObject> {
  const cached = keys.get(db)
  if (cached) return cached
  let pem: string
  if (keyFile) {
    pem = fs.readFileSync(keyFile, 'utf8')
  } else {
    const row = await db.selectFrom('app_settings').select('value').where('key', '=', SETTING).executeTakeFirst()
    if (row) {
      pem = row.value
    } else {
      const generated = generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()
      await db
        .insertInto('app_settings')
        .values({ key: SETTING, value: generated })
        .onConflict((oc) => oc.column('key').doNothing())
        .execute()
      // Another process may have won the race: use whatever is stored.
      pem = (await db.selectFrom('app_settings').select('value').where('key', '=', SETTING).executeTakeFirstOrThrow()).value
    }
  }
  const key = createPrivateKey(pem)
  keys.set(db, key)
  return key
}

export async function publicKeyPem(work: Work): Promise<string> {
  return createPublicKey(await signingKey(work.db, work.config.certSigningKeyFile))
    .export({ type: 'spki', format: 'pem' })
    .toString()
}

export function factsDigest(facts: CertificateFacts): string {
  return createHash('sha256').update(JSON.stringify(facts)).digest('hex').slice(0, 32)
}

export function payloadFor(facts: CertificateFacts): TokenPayload {
  const title = facts.course[facts.lang] ?? facts.course.kk ?? facts.course.ru ?? ''
  return {
    n: facts.number,
    c: facts.code,
    k: facts.kind,
    h: facts.holder,
    t: title,
    hrs: facts.hours,
    f: facts.from,
    to: facts.to,
    i: facts.issued,
    r: facts.revision,
    d: factsDigest(facts),
  }
}

export async function signFacts(work: Work, facts: CertificateFacts): Promise<string> {
  return signFactsWith(await signingKey(work.db, work.config.certSigningKeyFile), facts)
}

/** Signs with a key in hand, for code that signs many documents at once. */
export function signFactsWith(key: KeyObject, facts: CertificateFacts): string {
  const encoded = encodePayload(payloadFor(facts))
  const signature = sign(null, Buffer.from(`${TOKEN_PREFIX}.${encoded}`), key)
  return joinToken(encoded, signature)
}

export type TokenCheck = { valid: true; payload: TokenPayload } | { valid: false; reason: 'malformed' | 'signature' }

/** Checks a token against a public key (PEM) — no database needed. */
export function verifyToken(token: string, publicKey: string | KeyObject): TokenCheck {
  const parts = splitToken(token)
  if (!parts) return { valid: false, reason: 'malformed' }
  const key = typeof publicKey === 'string' ? createPublicKey(publicKey) : publicKey
  let ok = false
  try {
    ok = verify(null, Buffer.from(parts.signed), key, parts.signature)
  } catch {
    ok = false
  }
  return ok ? { valid: true, payload: parts.payload } : { valid: false, reason: 'signature' }
}
