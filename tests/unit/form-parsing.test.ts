import fs from 'node:fs'
import path from 'node:path'
import { expect, test } from 'vitest'

// ADR 016: on the server every submitted form is parsed with parseForm
// (app/http/submission.server.ts), which refuses field names that would make
// Conform build huge arrays and validates with the route's Zod schema.
// Conform's own parseWithZod stays only where the browser validates
// (onValidate); the lower-level parseSubmission stays inside app/http.

const ROUTES = path.resolve('app/routes')

/** Every route module, folder routes' colocated files included, as [name, source]. */
function routeFiles(): [string, string][] {
  return fs
    .readdirSync(ROUTES, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
    .map((e) => {
      const file = path.join(e.parentPath, e.name)
      return [path.relative(ROUTES, file), fs.readFileSync(file, 'utf8')]
    })
}

const exportsAction = (source: string) => /export\s+(async\s+)?function\s+action\b|export\s+const\s+action\b|export\s*\{[^}]*\baction\b[^}]*\}/.test(source)

test('no route parses a submitted form with Conform’s parseWithZod outside onValidate', () => {
  const offenders: string[] = []
  for (const [file, source] of routeFiles()) {
    source.split('\n').forEach((line, i) => {
      if (line.includes('parseWithZod(') && !line.includes('onValidate')) offenders.push(`${file}:${i + 1}: ${line.trim()}`)
    })
  }
  expect(offenders).toEqual([])
})

const parses = (source: string) => source.includes('parseForm(') || source.includes('parseJson(')

/** The app/http modules a route imports that parse a form themselves (an action shared by two routes); not parseForm's own module. */
function parsingHelpers(source: string): string[] {
  return [...source.matchAll(/from '#app\/http\/([\w.-]+\.server\.ts)'/g)]
    .filter((m) => m[1] !== 'submission.server.ts')
    .map((m) => path.resolve('app/http', m[1]!))
    .filter((file) => fs.existsSync(file) && parses(fs.readFileSync(file, 'utf8')))
}

test('every route that exports an action parses its form with parseForm (a JSON endpoint: parseJson), itself or through an app/http helper', () => {
  const actions = routeFiles().filter(([, source]) => exportsAction(source))
  const offenders = actions.filter(([, source]) => !parses(source) && parsingHelpers(source).length === 0).map(([file]) => file)
  expect(offenders).toEqual([])
  // The scan reads the files it should: the app has dozens of actions, and at least sixteen forms.
  expect(actions.length).toBeGreaterThanOrEqual(16)
})

test('nothing outside app/http calls parseSubmission', () => {
  const offenders: string[] = []
  for (const root of ['app', 'tools', 'server']) {
    for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue
      const file = path.join(entry.parentPath, entry.name)
      if (file.startsWith(path.join('app', 'http') + path.sep)) continue
      fs.readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          if (line.includes('parseSubmission(')) offenders.push(`${file}:${i + 1}: ${line.trim()}`)
        })
    }
  }
  expect(offenders).toEqual([])
})
