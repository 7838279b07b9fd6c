import { describe, expect, test } from 'vitest'
import { loggedPath, readableLine } from '#server/log.ts'

// What `npm start` prints: the JSON events, one plain line each.
describe('readable log lines', () => {
  test('a request is its method, path, status and duration', () => {
    const json = JSON.stringify({
      level: 30,
      time: '2026-11-27T03:31:16.701Z',
      pid: 7,
      requestId: 'r1',
      method: 'GET',
      path: '/courses',
      status: 200,
      durationMs: 14.2,
      msg: 'request',
    })
    expect(readableLine(json)).toBe('03:31:16 GET /courses 200 14.2 ms')
  })

  test('other events keep their fields; warnings and errors say so, errors with their stack', () => {
    expect(readableLine(JSON.stringify({ level: 30, time: '2026-11-27T03:30:44.392Z', pid: 7, port: 3000, msg: 'serving' }))).toBe(
      '03:30:44 serving  port=3000',
    )
    expect(readableLine(JSON.stringify({ level: 40, time: '2026-11-27T03:30:44.392Z', pid: 7, msg: 'slow', job: 'mail' }))).toBe('03:30:44 WARN slow  job=mail')
    const line = readableLine(
      JSON.stringify({
        level: 50,
        time: '2026-11-27T03:30:44.392Z',
        pid: 7,
        msg: 'mail delivery failed',
        err: { type: 'Error', message: 'boom', stack: 'Error: boom\n    at deliver' },
      }),
    )
    expect(line).toBe('03:30:44 ERROR mail delivery failed\nError: boom\n    at deliver')
  })
})

describe('the path as logged', () => {
  test('no query string, and the token of a reset or unsubscribe link replaced', () => {
    expect(loggedPath('/learn/course/module/lesson')).toBe('/learn/course/module/lesson')
    expect(loggedPath('/account?secret-query=1')).toBe('/account')
    expect(loggedPath('/?a=1?b=2')).toBe('/')
    expect(loggedPath('/reset-password/a-reset-token-value-1234')).toBe('/reset-password/:token')
    expect(loggedPath('/reset-password/a-reset-token/next?x=1')).toBe('/reset-password/:token/next')
    expect(loggedPath('/unsubscribe/abc.def')).toBe('/unsubscribe/:token')
    expect(loggedPath('/reset-password')).toBe('/reset-password')
    expect(loggedPath('/reset-passwords/abc')).toBe('/reset-passwords/abc')
  })
})
