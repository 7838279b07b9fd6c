import { describe, expect, test } from 'vitest'
import { readableLine } from '#server/log.ts'

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
