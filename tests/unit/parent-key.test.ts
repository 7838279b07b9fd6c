import { describe, expect, test } from 'vitest'
import { normalizeName, normalizePhone, parentKey } from '#app/modules/parents/parent-key.ts'

describe('normalizePhone', () => {
  test.each([['+7 701 123-45-67'], ['87011234567'], ['8 (701) 123 45 67'], ['+7(701)1234567'], ['7 701 123 4567'], ['701 123 45 67'], ['(8701) 123-45-67']])(
    'a Kazakh number typed as %s becomes +77011234567',
    (typed) => {
      expect(normalizePhone(typed)).toBe('+77011234567')
    },
  )

  test('another country keeps its digits, with + when typed so; no digits is no number', () => {
    expect(normalizePhone('+996 555 12 34 56')).toBe('+996555123456')
    expect(normalizePhone('555-12-34')).toBe('5551234')
    expect(normalizePhone(' ( ) - ')).toBeNull()
  })
})

describe('normalizeName', () => {
  test('case and spacing do not matter; Kazakh and Russian letters stay as typed', () => {
    expect(normalizeName('  ГҮЛНАР   Серікқызы ')).toBe('гүлнар серікқызы')
    expect(normalizeName('Гулнар Серикқызы')).not.toBe(normalizeName('Гүлнар Серікқызы'))
    expect(normalizeName('   ')).toBeNull()
  })
})

describe('parentKey', () => {
  test('the phone when there is one, else the name, else nothing', () => {
    expect(parentKey({ name: 'Гүлнар', phone: '8 701 123 45 67' })).toBe('phone:+77011234567')
    expect(parentKey({ name: 'Гүлнар', phone: null })).toBe('name:гүлнар')
    expect(parentKey({ name: null, phone: null })).toBeNull()
  })
})
