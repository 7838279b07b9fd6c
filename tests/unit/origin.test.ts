import { describe, expect, test } from 'vitest'
import { isSameOrigin } from '#server/origin.ts'
import { safeRedirect } from '#app/http/safe-redirect.ts'

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

  test('refuses what a browser reads as another site: controls and backslashes anywhere', () => {
    for (const to of ['/\t/evil.example/', '/\n/evil.example', '/\r\n//evil.example', '/x\\y', '/\u0000/evil.example', '/\u007f', '\\/evil.example', ' /x']) {
      expect(safeRedirect(to), JSON.stringify(to)).toBe('/')
    }
    expect(safeRedirect('/courses/қазақ?lang=ru#list')).toBe('/courses/%D2%9B%D0%B0%D0%B7%D0%B0%D2%9B?lang=ru#list')
    expect(safeRedirect('/%09/evil.example')).toBe('/%09/evil.example')
  })
})
