import { sha256 } from '@oslojs/crypto/sha2'
import { absoluteUrl } from '#app/core/public-origin.server.ts'
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding'
import type { Database } from '#db/client.server.ts'
import { fail, ok, type FieldErrors, type Result } from '#app/core/result.ts'
import { write, type Work } from '#app/core/work.server.ts'
import type { Locale } from '#db/schema.ts'
import { translate } from '#app/i18n/catalog.server.ts'
import { DAY, HOUR, addMs, now } from '#app/modules/clock/clock.server.ts'
import { enqueueMail } from '#app/modules/mail/outbox.server.ts'
import { schoolInRegion } from '#app/modules/reference/reference.server.ts'
import { consumeRateLimit, type RateLimitRule } from '#app/modules/security/rate-limit.server.ts'
import type { RegisterInput } from './forms.ts'
import { hashPassword } from './password.server.ts'
import { createTeacher } from './users.server.ts'

// Registration answers every well-formed submission alike, so that the form
// tells no one whether an email or IIN (which encodes a birth date and sex) is
// registered. A new teacher gets a link to confirm the address; the owner of
// a taken email or IIN gets a mail saying someone tried, with the login and
// reset links. The account exists only once the link is used. See
// docs/decisions/014-security-headers.md, "Registration and enumeration".

export const REGISTRATION_TTL_MS = DAY

/** Registrations one address may submit (any outcome): ten an hour. */
export const REGISTER_ADDRESS_RULE: RateLimitRule = { bucket: 'register:address', max: 10, windowMs: HOUR }
/** Mails one address or account receives from registrations, so the form cannot flood anyone's inbox. */
const CONFIRM_MAIL_RULE: RateLimitRule = { bucket: 'register:confirm-mail', max: 3, windowMs: HOUR }
const NOTICE_MAIL_RULE: RateLimitRule = { bucket: 'register:notice-mail', max: 3, windowMs: DAY }

const TOKEN_PATTERN = /^[a-z2-7]{32}$/

function tokenId(token: string): string {
  return encodeHexLowerCase(sha256(new TextEncoder().encode(token)))
}

/**
 * Takes a registration. Only a school outside the region is refused (that
 * says nothing about anyone); otherwise the answer is the same whether the
 * email and IIN are new or taken, and so is the work: one password hash, one
 * mail queued.
 */
export async function requestRegistration(work: Work, input: RegisterInput, locale: Locale): Promise<Result<null, FieldErrors>> {
  if (!(await schoolInRegion(work, input.schoolId, input.regionCode))) return fail({ schoolId: ['validation.school'] })
  const email = input.email.toLowerCase()
  const passwordHash = await hashPassword(input.password)
  const holders = await work.db
    .selectFrom('users')
    .select(['id', 'email', 'full_name', 'locale', 'is_active'])
    .where((eb) => eb.or([eb('email', '=', email), eb('iin', '=', input.iin)]))
    .execute()
  if (holders.length > 0) {
    for (const holder of holders) if (holder.is_active === 1) await tellHolder(work, holder)
    return ok(null)
  }
  if ((await consumeRateLimit(work, CONFIRM_MAIL_RULE, email)).limited) return ok(null)
  const token = encodeBase32LowerCaseNoPadding(crypto.getRandomValues(new Uint8Array(20)))
  const created = work.now()
  await write(work, async (tx) => {
    await tx.db
      .insertInto('registration_requests')
      .values({
        id: tokenId(token),
        email,
        iin: input.iin,
        full_name: input.fullName,
        phone: input.phone ?? null,
        region_code: input.regionCode,
        school_id: input.schoolId,
        password_hash: passwordHash,
        locale,
        expires_at: addMs(created, REGISTRATION_TTL_MS).toISOString(),
        created_at: created.toISOString(),
      })
      .execute()
    await enqueueMail(tx.db, {
      kind: 'registration_confirm',
      userId: null,
      to: email,
      subject: translate(locale, 'mail.registerConfirm.subject'),
      text: translate(locale, 'mail.registerConfirm.body', { name: input.fullName, link: absoluteUrl(`/register/confirm/${token}`) }),
    })
  })
  return ok(null)
}

async function tellHolder(work: Work, holder: { id: string; email: string; full_name: string; locale: Locale }) {
  if ((await consumeRateLimit(work, NOTICE_MAIL_RULE, holder.id)).limited) return
  await write(work, (tx) =>
    enqueueMail(tx.db, {
      kind: 'registration_attempt',
      userId: holder.id,
      to: holder.email,
      subject: translate(holder.locale, 'mail.registerAttempt.subject'),
      text: translate(holder.locale, 'mail.registerAttempt.body', {
        name: holder.full_name,
        login: absoluteUrl('/login'),
        reset: absoluteUrl('/forgot-password'),
      }),
    }),
  )
}

/** The pending registration a link names, when it is well formed and unexpired. */
export async function findRegistrationRequest(work: Work, token: string): Promise<{ fullName: string; email: string } | null> {
  if (!TOKEN_PATTERN.test(token)) return null
  const row = await work.db.selectFrom('registration_requests').select(['full_name', 'email', 'expires_at']).where('id', '=', tokenId(token)).executeTakeFirst()
  if (!row || new Date(row.expires_at).getTime() <= work.now().getTime()) return null
  return { fullName: row.full_name, email: row.email }
}

/**
 * Uses a confirmation link once: the account is created as registered. If
 * the email or IIN was registered meanwhile, nothing is created ('taken').
 */
export async function confirmRegistration(work: Work, token: string): Promise<Result<{ userId: string; locale: Locale }, 'invalid' | 'taken'>> {
  if (!TOKEN_PATTERN.test(token)) return fail('invalid')
  const id = tokenId(token)
  const row = await work.db.selectFrom('registration_requests').selectAll().where('id', '=', id).executeTakeFirst()
  if (!row || new Date(row.expires_at).getTime() <= work.now().getTime()) return fail('invalid')
  // Taken first and only once, so two posts of one link cannot both create an account.
  const taken = await write(work, (tx) => tx.db.deleteFrom('registration_requests').where('id', '=', id).executeTakeFirst())
  if (Number(taken.numDeletedRows) !== 1) return fail('invalid')
  const created = await createTeacher(work, {
    email: row.email,
    iin: row.iin,
    fullName: row.full_name,
    phone: row.phone,
    regionCode: row.region_code,
    schoolId: row.school_id,
    passwordHash: row.password_hash,
    locale: row.locale,
  })
  if (!created.ok) return fail('taken')
  return ok({ userId: created.value.userId, locale: row.locale })
}

/** Deletes pending registrations whose link has expired (the hourly clean-up, before any request's Work). */
export async function deleteExpiredRegistrations(db: Database): Promise<void> {
  await db.deleteFrom('registration_requests').where('expires_at', '<=', now().toISOString()).execute()
}
