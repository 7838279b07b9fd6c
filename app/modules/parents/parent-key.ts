// Who a check-in is, as far as an anonymous form can tell: the phone number
// when one is given, else the name. A second check-in of the same parent to a
// session is refused by a unique index on (session_id, parent_key), so the
// key must not depend on how the number or name was typed.

/**
 * A phone number in one form. Kazakhstan's numbers (+7 or 8, 10 digits after
 * it; spaces, dashes and brackets anywhere) become +7XXXXXXXXXX; any other
 * number keeps its digits, with + when it was typed in international form.
 */
export function normalizePhone(raw: string): string | null {
  const digits = raw.replace(/\D/g, '')
  if (!digits) return null
  if (digits.length === 11 && (digits.startsWith('7') || digits.startsWith('8'))) return `+7${digits.slice(1)}`
  if (digits.length === 10 && digits.startsWith('7')) return `+7${digits}`
  return raw.trim().startsWith('+') ? `+${digits}` : digits
}

/** A name in one form: letters as typed (Kazakh and Russian letters stay apart), any case, any spacing. */
export function normalizeName(raw: string): string | null {
  const name = raw.normalize('NFKC').replace(/\s+/g, ' ').trim().toLocaleLowerCase('kk')
  return name || null
}

/** `phone:+77011234567`, else `name:гүлнар серікқызы`, else null (an anonymous check-in, not told apart). */
export function parentKey(input: { name: string | null; phone: string | null }): string | null {
  const phone = input.phone ? normalizePhone(input.phone) : null
  if (phone) return `phone:${phone}`
  const name = input.name ? normalizeName(input.name) : null
  return name ? `name:${name}` : null
}
