import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { appConfigFrom, EnvSchema } from '#server/env.ts'

// The app's settings come from the environment through one schema
// (server/env.ts); these are the ones derived rather than copied.

const configOf = (env: Record<string, string>) => appConfigFrom(EnvSchema.parse(env))

describe('the app settings from the environment', () => {
  test('a local run: the demo password shown, localhost as the public origin, exports beside the SQLite file', () => {
    const config = configOf({ PORT: '3100', DATABASE_URL: 'data/here/orken.db' })
    expect(config).toMatchObject({
      production: false,
      demoPassword: expect.any(String),
      smtpConfigured: false,
      publicOrigin: 'http://localhost:3100',
      exportsDir: path.resolve('data/here/exports'),
      certSigningKeyFile: null,
      contentRoot: path.resolve('content'),
      uploadsDir: path.resolve('data/uploads'),
    })
  })

  test('production: no demo password; EXPORTS_DIR and the signing key file taken as given, made absolute', () => {
    const config = configOf({
      NODE_ENV: 'production',
      PUBLIC_ORIGIN: 'https://academy.orken.kz/',
      DATABASE_URL: 'postgres://orken@db/orken',
      EXPORTS_DIR: 'shared/exports',
      CERT_SIGNING_KEY_FILE: 'secrets/signing.pem',
      SMTP_URL: 'smtp://mail.orken.kz:587',
    })
    expect(config).toMatchObject({
      production: true,
      demoPassword: null,
      smtpConfigured: true,
      publicOrigin: 'https://academy.orken.kz',
      exportsDir: path.resolve('shared/exports'),
      certSigningKeyFile: path.resolve('secrets/signing.pem'),
    })
  })

  test('PostgreSQL without EXPORTS_DIR writes archives under data/exports; PG_POOL_MAX is a number, 10 unless set', () => {
    const env = EnvSchema.parse({ DATABASE_URL: 'postgres://orken@db/orken' })
    expect(appConfigFrom(env).exportsDir).toBe(path.resolve('data/exports'))
    expect(env.PG_POOL_MAX).toBe(10)
    expect(EnvSchema.parse({ PG_POOL_MAX: '4' }).PG_POOL_MAX).toBe(4)
    expect(EnvSchema.safeParse({ PG_POOL_MAX: '0' }).success).toBe(false)
  })
})
