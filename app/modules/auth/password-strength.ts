import { PASSWORD_MAX, PASSWORD_MIN } from './forms.ts'

// Whether a password is one an attacker would try early, beyond the length
// rules every form applies (forms.ts). Used where a password guards the most:
// the administrator accounts made from the command line.

export type PasswordWeakness = 'short' | 'long' | 'noLetters' | 'common' | 'personal' | 'repetitive'

// Words that open every guessing list, as people pad them with digits and
// signs ("Qwerty2026!"), the site's own name among them. In Latin and Cyrillic,
// and the Cyrillic keyboard's rows as typed on a Kazakh or Russian layout.
const COMMON_WORDS = new Set([
  'password',
  'passw',
  'pass',
  'qwerty',
  'qwertyuiop',
  'qwertyui',
  'asdfgh',
  'asdfghjkl',
  'zxcvbnm',
  'qazwsx',
  'abc',
  'abcdef',
  'abcdefgh',
  'letmein',
  'welcome',
  'admin',
  'administrator',
  'root',
  'iloveyou',
  'monkey',
  'dragon',
  'football',
  'secret',
  'orken',
  'orkenacademy',
  'academy',
  'kazakhstan',
  'astana',
  'almaty',
  'parol',
  'пароль',
  'йцукен',
  'йцукенгшщз',
  'фывапролд',
  'админ',
  'өркен',
  'казахстан',
  'қазақстан',
  'астана',
  'алматы',
  'привет',
  'сәлем',
])

/** The parts of a name or address worth looking for in a password: three letters or more. */
function personalParts(values: readonly string[]): string[] {
  return values
    .flatMap((v) => v.toLocaleLowerCase('kk').split(/[^\p{L}\p{N}]+/u))
    .filter((part) => part.length >= 3 && !['com', 'org', 'net', 'mail', 'gmail'].includes(part))
}

/**
 * The first reason a password is too weak to guard an account, or null.
 * `personal` holds what the account is known by (its email, the person's name):
 * a password containing any of it is among the first an attacker tries.
 */
export function passwordWeakness(password: string, personal: readonly string[] = []): PasswordWeakness | null {
  if (password.length < PASSWORD_MIN) return 'short'
  if (password.length > PASSWORD_MAX) return 'long'
  const lower = password.toLocaleLowerCase('kk')
  const letters = lower.replace(/[^\p{L}]+/gu, '')
  if (letters.length === 0) return 'noLetters'
  if (COMMON_WORDS.has(letters) || letters.length < 3) return 'common'
  if (personalParts(personal).some((part) => lower.includes(part))) return 'personal'
  if (new Set(lower).size < 5) return 'repetitive'
  return null
}
