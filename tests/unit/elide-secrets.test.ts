import { describe, expect, test } from 'vitest'
import { elideSecrets } from '#app/modules/mail/elide-secrets.ts'

describe('elideSecrets', () => {
  test('the token after a reset, invitation or unsubscribe path is replaced; the rest of the mail stays', () => {
    const text =
      'Сәлем!\n\nhttps://academy.orken.kz/reset-password/abcdefghijklmnopqrstuvwxyz234567\n\nБас тарту: https://academy.orken.kz/unsubscribe/u1.survey_reminder.Ab-9_x\n'
    expect(elideSecrets(text)).toBe('Сәлем!\n\nhttps://academy.orken.kz/reset-password/•••\n\nБас тарту: https://academy.orken.kz/unsubscribe/•••\n')
  })

  test('secret query parameters and long random values anywhere in a link are replaced; ids and words are not', () => {
    expect(elideSecrets('https://a.kz/activate?token=x1&lang=kk')).toBe('https://a.kz/activate?token=•••&lang=kk')
    expect(elideSecrets('https://a.kz/s/Zq8mT3vR5wX9yB2nK4pL6sD1/next?id=abc')).toBe('https://a.kz/s/•••/next?id=abc')
    expect(elideSecrets('https://a.kz/surveys/k2m4n6p8q2r4s6t8 and /courses/post-course-monitoring-survey')).toBe(
      'https://a.kz/surveys/k2m4n6p8q2r4s6t8 and /courses/post-course-monitoring-survey',
    )
  })
})
