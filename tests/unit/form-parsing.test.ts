import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

// ADR 016: on the server, a form is parsed with parseSubmission, which refuses
// field names that would make Conform build huge arrays. Conform's own
// parseWithZod stays only where the browser validates (onValidate).

const ROUTES = path.resolve('app/routes')

test('no route parses a submitted form with Conform’s parseWithZod outside onValidate', () => {
  const offenders: string[] = []
  let actionsUsingIt = 0
  for (const file of fs.readdirSync(ROUTES)) {
    const lines = fs.readFileSync(path.join(ROUTES, file), 'utf8').split('\n')
    lines.forEach((line, i) => {
      if (line.includes('parseSubmission(')) actionsUsingIt++
      if (line.includes('parseWithZod(') && !line.includes('onValidate')) offenders.push(`${file}:${i + 1}: ${line.trim()}`)
    })
  }
  expect(offenders).toEqual([])
  // The scan reads the files it should: the forms of sixteen routes use parseSubmission.
  expect(actionsUsingIt).toBeGreaterThanOrEqual(16)
})
