import { createRequire } from 'node:module'
import { describe, expect, test } from 'vitest'

// Remix hands each loader and action a copy of the request with its own query
// parameters (index, _data, _routes) taken out; patches/ makes it hand over the
// request itself when there is nothing to take out (ADR 038). The server loads
// the CommonJS build, so that is the one tested.
interface Args {
  request: Request
  params: Record<string, string>
  context: unknown
}
type Call = (options: {
  loadContext: unknown
  loader?: (args: Args) => unknown
  action?: (args: Args) => unknown
  params: Record<string, string>
  request: Request
  routeId: string
  singleFetch: boolean
}) => Promise<unknown>
const data = createRequire(import.meta.url)('@remix-run/server-runtime/dist/data.js') as { callRouteLoader: Call; callRouteAction: Call }

async function seenByLoader(request: Request, singleFetch: boolean): Promise<Request> {
  let seen: Request | null = null
  await data.callRouteLoader({
    loadContext: {},
    loader: ({ request }) => {
      seen = request
      return null
    },
    params: {},
    request,
    routeId: 'routes/test',
    singleFetch,
  })
  return seen!
}

describe('the request a loader or an action is given', () => {
  test('is the request itself when its address has none of the parameters Remix strips', async () => {
    const request = new Request('http://localhost/learn/course/module/lesson?page=2', { headers: { cookie: 'a=b' } })
    expect(await seenByLoader(request, true)).toBe(request)
    expect(await seenByLoader(request, false)).toBe(request)
  })

  test('loses an empty index and _routes (single fetch) or _data, keeping the rest and the headers', async () => {
    const request = new Request('http://localhost/admin?index&year=2026&_routes=routes%2Fadmin', { headers: { cookie: 'a=b' } })
    const single = await seenByLoader(request, true)
    expect(single).not.toBe(request)
    expect(single.url).toBe('http://localhost/admin?year=2026')
    expect(single.headers.get('cookie')).toBe('a=b')

    const classic = await seenByLoader(new Request('http://localhost/admin?_data=routes%2Fadmin&index=1'), false)
    expect(classic.url).toBe('http://localhost/admin?index=1')
  })

  test('an action reads the body of the request it was given, copied or not', async () => {
    for (const url of ['http://localhost/login', 'http://localhost/login?index']) {
      const request = new Request(url, { method: 'POST', body: new URLSearchParams({ login: 'teacher' }) })
      const answer = await data.callRouteAction({
        loadContext: {},
        action: async ({ request: given }) => ({ url: given.url, login: (await given.formData()).get('login') }),
        params: {},
        request,
        routeId: 'routes/login',
        singleFetch: true,
      })
      expect(answer).toEqual({ url: 'http://localhost/login', login: 'teacher' })
    }
  })
})
