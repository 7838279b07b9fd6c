import { describe, expect, test } from 'vitest'
import { checkEnv } from '#server/env.ts'

// Production's settings are checked at start-up, every problem listed at once,
// each line naming the variable, what to set and an example.

const LIVE = {
  NODE_ENV: 'production',
  PUBLIC_ORIGIN: 'https://academy.orken.kz',
  TRUST_PROXY: 'true',
  SMTP_URL: 'smtp://orken:secret@mail.orken.kz:587',
  MAIL_FROM: 'Өркен Academy <no-reply@orken.kz>',
}

function errorsOf(env: Record<string, string | undefined>): string[] {
  const checked = checkEnv(env)
  return checked.ok ? [] : checked.errors
}

const warningsOf = (env: Record<string, string | undefined>) => checkEnv(env).warnings

describe('production settings', () => {
  test('a complete live setup starts without a warning', () => {
    const checked = checkEnv(LIVE)
    expect(checked).toMatchObject({ ok: true, warnings: [] })
  })

  test('an empty production environment: every missing setting listed at once, each with what to set', () => {
    const errors = errorsOf({ NODE_ENV: 'production' })
    expect(errors).toHaveLength(2)
    expect(errors[0]).toMatch(/^ {2}PUBLIC_ORIGIN: PUBLIC_ORIGIN is required in production: .*such as https:\/\/academy\.orken\.kz/)
    expect(errors[1]).toMatch(/^ {2}SMTP_URL: is required in production: .*Set SMTP_URL=smtp:\/\/user:password@mail\.orken\.kz:587 .*or MAIL_DISABLED=true/)
  })

  test('PUBLIC_ORIGIN on plain HTTP is refused for a real host name, with https and the lab switch named', () => {
    const errors = errorsOf({ ...LIVE, PUBLIC_ORIGIN: 'http://academy.orken.kz', TRUST_PROXY: undefined })
    expect(errors).toEqual([
      expect.stringMatching(
        /^ {2}PUBLIC_ORIGIN: must start with https:\/\/ in production \(http:\/\/academy\.orken\.kz sends passwords and session cookies unencrypted\): set PUBLIC_ORIGIN=https:\/\/academy\.orken\.kz .*ALLOW_INSECURE_ORIGIN=true/,
      ),
    ])
  })

  test('plain HTTP is accepted on this machine (localhost, 127.0.0.1, [::1]) and in a lab that says so', () => {
    for (const origin of ['http://localhost:3000', 'http://127.0.0.1:4000', 'http://[::1]:3000']) {
      expect(errorsOf({ ...LIVE, PUBLIC_ORIGIN: origin, TRUST_PROXY: undefined }), origin).toEqual([])
    }
    expect(errorsOf({ ...LIVE, PUBLIC_ORIGIN: 'http://lab.orken.kz', ALLOW_INSECURE_ORIGIN: 'true', TRUST_PROXY: undefined })).toEqual([])
  })

  test('an https PUBLIC_ORIGIN without TRUST_PROXY is refused: the server has no TLS, so a proxy is in front of it', () => {
    const errors = errorsOf({ ...LIVE, TRUST_PROXY: undefined })
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatch(/^ {2}TRUST_PROXY: must be true when PUBLIC_ORIGIN is https:\/\/ \(https:\/\/academy\.orken\.kz\)/)
    expect(errors[0]).toContain("every visitor has the proxy's address")
    expect(errors[0]).toContain('the session cookie is not marked Secure')
    expect(errors[0]).toContain('Set TRUST_PROXY=true')
    expect(errors[0]).toContain('X-Forwarded-Proto')
    expect(errorsOf({ ...LIVE, TRUST_PROXY: 'false' })).toHaveLength(1)
  })

  test('MAIL_DISABLED=true starts without SMTP and warns that invitations wait unsent; with SMTP_URL as well it is refused', () => {
    const off = checkEnv({ ...LIVE, SMTP_URL: undefined, MAIL_DISABLED: 'true' })
    expect(off.ok).toBe(true)
    expect(off.warnings).toEqual([expect.stringMatching(/^ {2}MAIL_DISABLED: mail is off: invitations, .* wait unsent in the outbox \(\/admin\/outbox\)/)])
    expect(errorsOf({ ...LIVE, MAIL_DISABLED: 'true' })).toEqual([expect.stringMatching(/^ {2}MAIL_DISABLED: is true while SMTP_URL is set: keep one of them/)])
  })

  test('MAIL_FROM must be an address on a real mail domain', () => {
    expect(errorsOf({ ...LIVE, MAIL_FROM: 'Өркен Academy' })).toEqual([
      expect.stringMatching(/^ {2}MAIL_FROM: is not a mail address: set a sender such as MAIL_FROM="Өркен Academy <no-reply@orken\.kz>"/),
    ])
    expect(errorsOf({ ...LIVE, MAIL_FROM: 'no-reply@orken' })).toEqual([
      expect.stringMatching(/^ {2}MAIL_FROM: must be an address on the institute's real mail domain \(no-reply@orken has none\)/),
    ])
    for (const domain of ['localhost', 'orken.local', 'orken.test', 'example.com', 'mail.example']) {
      expect(errorsOf({ ...LIVE, MAIL_FROM: `Orken <no-reply@${domain}>` }), domain).toEqual([
        expect.stringMatching(new RegExp(`^ {2}MAIL_FROM: names ${domain.replace('.', '\\.')}, a domain that receives no mail`)),
      ])
    }
    for (const good of ['no-reply@orken.kz', 'Өркен <hello@білім.қаз>', 'Orken <a@mail.xn--80ao21a>']) {
      expect(errorsOf({ ...LIVE, MAIL_FROM: good }), good).toEqual([])
    }
  })

  test('DEMO_PASSWORD set in production is ignored with a warning', () => {
    expect(warningsOf({ ...LIVE, DEMO_PASSWORD: 'orken-demo-2026' })).toEqual([
      expect.stringMatching(/^ {2}DEMO_PASSWORD: is ignored in production: no demo accounts are made/),
    ])
    const config = checkEnv({ ...LIVE, DEMO_PASSWORD: 'orken-demo-2026' })
    expect(config.ok).toBe(true)
  })

  test('a malformed value is reported once, with the production problems beside it', () => {
    const errors = errorsOf({ NODE_ENV: 'production', PUBLIC_ORIGIN: 'https://academy.orken.kz', SMTP_URL: 'not a url', PORT: 'x' })
    expect(errors.map((e) => e.trim().split(':')[0])).toEqual(['PORT', 'SMTP_URL', 'TRUST_PROXY'])
    expect(errors[1]).toContain('SMTP_URL must be a URL such as smtp://user:pass@host:587')
  })

  test('outside production none of this applies', () => {
    expect(checkEnv({ PUBLIC_ORIGIN: 'http://academy.orken.kz', MAIL_FROM: 'x', DEMO_PASSWORD: 'orken-demo-2026' })).toMatchObject({ ok: true, warnings: [] })
  })
})
