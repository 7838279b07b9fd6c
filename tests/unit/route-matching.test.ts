import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'
import type * as Router from '@remix-run/router'

// The server loads @remix-run/router's CommonJS build, which patches/ changes
// to keep each address's matches (ADR 038). What a caller gets must stay what
// a fresh match gives: its own objects, right for every address.
const { matchRoutes } = createRequire(import.meta.url)('@remix-run/router') as typeof Router

const routes = () => [
  {
    id: 'root',
    path: '',
    children: [
      { id: 'home', index: true },
      { id: 'login', path: 'login' },
      { id: 'lesson', path: 'learn/:course/:module/:lesson' },
      { id: 'course', path: 'courses/:slug' },
      { id: 'splat', path: '*' },
    ],
  },
]

const ids = (matches: ReturnType<typeof matchRoutes>) => matches?.map((m) => m.route.id) ?? null

describe('route matching, kept per address', () => {
  test('the same address twice gives equal matches in new objects; changing one leaves the next alone', () => {
    const table = routes()
    const first = matchRoutes(table, '/learn/bullying/understanding/roles')!
    expect(ids(first)).toEqual(['root', 'lesson'])
    expect(first[1]!.params).toEqual({ course: 'bullying', module: 'understanding', lesson: 'roles' })
    // As unpatched: the matches of one address share one params object.
    expect(first[0]!.params).toBe(first[1]!.params)
    ;(first[1]!.params as Record<string, string>).course = 'changed'
    first.pop()
    const second = matchRoutes(table, '/learn/bullying/understanding/roles')!
    expect(second).not.toBe(first)
    expect(ids(second)).toEqual(['root', 'lesson'])
    expect(second[1]).toMatchObject({ pathname: '/learn/bullying/understanding/roles', params: { course: 'bullying' } })
  })

  test('each address gets its own matches, past the thousand kept, and an unknown one falls to the splat', () => {
    const table = routes()
    for (let i = 0; i < 2_500; i++) {
      const matches = matchRoutes(table, `/courses/c${i % 1_200}`)!
      expect(matches[1]!.params.slug).toBe(`c${i % 1_200}`)
    }
    expect(ids(matchRoutes(table, '/login'))).toEqual(['root', 'login'])
    expect(ids(matchRoutes(table, '/'))).toEqual(['root', 'home'])
    expect(matchRoutes(table, '/no/such/page')?.[1]?.params['*']).toBe('no/such/page')
  })

  test('two route tables never share matches, and an address outside the basename matches nothing', () => {
    const withLogin = routes()
    const without = routes().map((r) => ({ ...r, children: r.children.filter((c) => c.id !== 'login' && c.id !== 'splat') }))
    expect(ids(matchRoutes(withLogin, '/login'))).toEqual(['root', 'login'])
    expect(matchRoutes(without, '/login')).toBeNull()
    expect(matchRoutes(withLogin, '/login', '/app')).toBeNull()
    expect(ids(matchRoutes(withLogin, '/app/login', '/app'))).toEqual(['root', 'login'])
  })
})
