import { describe, expect, test } from 'vitest'
import { isSameOrigin } from '#server/origin.ts'
import { safeRedirect } from '#app/modules/auth/forms.ts'

describe('same-origin check for mutating requests', () => {
  test('lets reads through whatever their origin', () => {
    expect(isSameOrigin('GET', 'https://evil.example', 'academy.orken.kz')).toBe(true)
    expect(isSameOrigin('HEAD', undefined, 'academy.orken.kz')).toBe(true)
  })

  test('accepts a post from this host only', () => {
    expect(isSameOrigin('POST', 'https://academy.orken.kz', 'academy.orken.kz')).toBe(true)
    expect(isSameOrigin('POST', 'http://localhost:3000', 'localhost:3000')).toBe(true)
    expect(isSameOrigin('POST', 'https://evil.example', 'academy.orken.kz')).toBe(false)
    expect(isSameOrigin('POST', 'https://academy.orken.kz.evil.example', 'academy.orken.kz')).toBe(false)
    expect(isSameOrigin('DELETE', 'http://localhost:3001', 'localhost:3000')).toBe(false)
  })

  test('refuses a post without an Origin, with a bad one, or marked cross-site', () => {
    expect(isSameOrigin('POST', undefined, 'academy.orken.kz')).toBe(false)
    expect(isSameOrigin('POST', 'null', 'academy.orken.kz')).toBe(false)
    expect(isSameOrigin('POST', 'https://academy.orken.kz', 'academy.orken.kz', 'cross-site')).toBe(false)
  })
})

describe('redirect after login', () => {
  test('stays on this site', () => {
    expect(safeRedirect('/admin/users?q=a')).toBe('/admin/users?q=a')
    expect(safeRedirect('//evil.example/x')).toBe('/')
    expect(safeRedirect('/\\evil.example')).toBe('/')
    expect(safeRedirect('https://evil.example')).toBe('/')
    expect(safeRedirect(undefined, '/home')).toBe('/home')
  })
})
