import { originFromSettings } from '#app/core/public-origin.server.ts'

// What production needs beyond well-formed values, checked from the raw
// environment so that every problem is listed in one go, each saying what to
// set and giving an example: a server that starts on a half-right setup fails
// later and quietly (links nobody can open, invitations never sent, one login
// limit for the whole country behind a proxy).

/** One line for the operator: the variable to set and what to set it to. */
export interface SettingProblem {
  variable: string
  message: string
}

export interface ProductionCheck {
  /** Start-up stops on any of these. */
  errors: SettingProblem[]
  /** Printed, and start-up goes on. */
  warnings: SettingProblem[]
}

type RawEnv = Partial<Record<string, string | undefined>>

const isTrue = (value: string | undefined) => value === 'true' || value === '1'
const isSet = (value: string | undefined) => Boolean(value?.trim())

// A browser treats these as this machine: nobody else can open them, so plain HTTP hides nothing.
const LOOPBACK_HOSTS = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i
// A name with a top-level domain: `orken.kz`, `білім.қаз`, `xn--80ao21a`.
const MAIL_DOMAIN = /^([\p{L}\p{N}-]+\.)+(\p{L}{2,}|xn--[a-z0-9-]+)$/u
// Domains that never deliver mail (RFC 2606, RFC 6761) or only on a local network.
const NO_MAIL_DOMAINS = /(^|\.)(localhost|local|localdomain|test|example|invalid|internal|lan|home\.arpa)$|^example\.(com|net|org)$/i

/** The address in `Name <address>` or a bare address; null when it is neither. */
function mailAddress(from: string): string | null {
  const angled = /^[^<>]*<([^<>\s]+)>\s*$/.exec(from.trim())
  const address = angled ? angled[1]! : from.trim()
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : null
}

function mailFromProblem(from: string): string | null {
  const example = 'such as MAIL_FROM="Өркен Academy <no-reply@orken.kz>"'
  const address = mailAddress(from)
  if (!address) return `is not a mail address: set a sender ${example}`
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase()
  if (NO_MAIL_DOMAINS.test(domain)) return `names ${domain}, a domain that receives no mail, so replies and bounces are lost: set a sender ${example}`
  if (!MAIL_DOMAIN.test(domain)) return `must be an address on the institute's real mail domain (${address} has none): set a sender ${example}`
  return null
}

/**
 * The production section of the settings check. Outside production there is
 * nothing to check here: development and tests run on plain HTTP without mail.
 */
export function checkProductionSettings(env: RawEnv): ProductionCheck {
  const errors: SettingProblem[] = []
  const warnings: SettingProblem[] = []
  if (env.NODE_ENV !== 'production') return { errors, warnings }

  const origin = originFromSettings({ NODE_ENV: env.NODE_ENV, PORT: env.PORT, PUBLIC_ORIGIN: env.PUBLIC_ORIGIN })
  if (!origin.ok) {
    errors.push({ variable: 'PUBLIC_ORIGIN', message: origin.message })
  } else {
    const url = new URL(origin.origin)
    const https = url.protocol === 'https:'
    if (!https && !LOOPBACK_HOSTS.test(url.hostname) && !isTrue(env.ALLOW_INSECURE_ORIGIN)) {
      errors.push({
        variable: 'PUBLIC_ORIGIN',
        message:
          `must start with https:// in production (${origin.origin} sends passwords and session cookies unencrypted): ` +
          `set PUBLIC_ORIGIN=https://academy.orken.kz behind a TLS proxy, or ALLOW_INSECURE_ORIGIN=true for a lab that nobody outside can reach`,
      })
    }
    // This server speaks plain HTTP only: an https:// public address means a TLS proxy in front of it.
    if (https && !isTrue(env.TRUST_PROXY)) {
      errors.push({
        variable: 'TRUST_PROXY',
        message:
          `must be true when PUBLIC_ORIGIN is https:// (${origin.origin}): this server speaks plain HTTP, so a TLS proxy sits in front of it, ` +
          `and without TRUST_PROXY=true every visitor has the proxy's address (one login limit for everyone) and the session cookie is not marked Secure. ` +
          `Set TRUST_PROXY=true and have the proxy send X-Forwarded-For and X-Forwarded-Proto (nginx: proxy_set_header X-Forwarded-Proto $scheme)`,
      })
    }
  }

  const smtp = isSet(env.SMTP_URL)
  const mailDisabled = isTrue(env.MAIL_DISABLED)
  if (smtp && mailDisabled) {
    errors.push({
      variable: 'MAIL_DISABLED',
      message: 'is true while SMTP_URL is set: keep one of them (SMTP_URL=smtp://user:password@mail.orken.kz:587 to send mail)',
    })
  } else if (!smtp && !mailDisabled) {
    errors.push({
      variable: 'SMTP_URL',
      message:
        'is required in production: invitations, password resets and registration links are mail. ' +
        'Set SMTP_URL=smtp://user:password@mail.orken.kz:587 (smtps:// for port 465), or MAIL_DISABLED=true to start without mail',
    })
  } else if (mailDisabled) {
    warnings.push({
      variable: 'MAIL_DISABLED',
      message: 'mail is off: invitations, password resets and registration links wait unsent in the outbox (/admin/outbox) until SMTP_URL is set',
    })
  }
  const mailFrom = env.MAIL_FROM
  if (mailFrom !== undefined) {
    const problem = mailFromProblem(mailFrom)
    if (problem) errors.push({ variable: 'MAIL_FROM', message: problem })
  }

  if (isSet(env.DEMO_PASSWORD)) {
    warnings.push({ variable: 'DEMO_PASSWORD', message: 'is ignored in production: no demo accounts are made, and the login page shows no password' })
  }
  return { errors, warnings }
}

/** A problem as the operator reads it: `  TRUST_PROXY: must be true when …`. */
export function formatProblem(problem: SettingProblem): string {
  return `  ${problem.variable}: ${problem.message}`
}
