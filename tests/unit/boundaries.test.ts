import fs from 'node:fs'
import path from 'node:path'
import { cruise, type IViolation } from 'dependency-cruiser'
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options'
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config'
import { describe, expect, test } from 'vitest'

// The architecture's boundaries (.dependency-cruiser.cjs, ADR 023), checked on
// the real tree, and shown to catch each forbidden import on a small fixture
// tree that breaks every rule once. A failure lists every violation, one a line.

const CONFIG = './.dependency-cruiser.cjs'
const FIXTURE = 'tests/fixtures/boundaries'
const RULES = [
  'routes-no-kysely',
  'routes-no-db',
  'routes-no-other-routes',
  'route-folders-no-flat-routes',
  'modules-no-web',
  'modules-no-metrics',
  'app-no-tools',
  'no-circular',
]

async function violations(roots: string[], baseDir?: string): Promise<string[]> {
  const options = await extractDepcruiseOptions(CONFIG)
  const result = await cruise(roots, { ...options, ...(baseDir ? { baseDir } : {}) }, undefined, { tsConfig: extractTSConfig('tsconfig.json') })
  if (typeof result.output === 'string') throw new Error('dependency-cruiser gave a report, not a result')
  return result.output.summary.violations.map(describeViolation).sort()
}

function describeViolation(v: IViolation): string {
  const via = v.cycle?.length ? ` (circle: ${[v.from, ...v.cycle.map((c) => c.name)].join(' → ')})` : ''
  return `${v.rule.name}: ${v.from} → ${v.to}${via}`
}

// Cruising parses every file of the app with TypeScript: seconds, more on a busy machine.
const SLOW = 180_000

describe('import boundaries', () => {
  test(
    'the app, the server, scripts and tools keep every rule',
    async () => {
      expect(await violations(['app', 'server', 'scripts', 'tools'])).toEqual([])
    },
    SLOW,
  )

  test(
    'each rule catches its forbidden import in the fixture tree; a type-only import and a folder route’s own file pass',
    async () => {
      const found = await violations(['app', 'tools'], FIXTURE)
      expect(found).toEqual([
        'app-no-tools: app/modules/grades/grades.server.ts → tools/seed.server.ts',
        'modules-no-metrics: app/modules/grades/grades.server.ts → app/modules/metrics/rollups.server.ts',
        'modules-no-web: app/modules/grades/grades.server.ts → @remix-run/node',
        'modules-no-web: app/modules/grades/grades.server.ts → app/routes/other.tsx',
        'no-circular: app/modules/circle/first.ts → app/modules/circle/second.ts (circle: app/modules/circle/first.ts → app/modules/circle/second.ts → app/modules/circle/first.ts)',
        'route-folders-no-flat-routes: app/routes/exams/route.tsx → app/routes/other.tsx',
        'routes-no-db: app/routes/home.tsx → db/client.server.ts',
        'routes-no-kysely: app/routes/home.tsx → kysely',
        'routes-no-other-routes: app/routes/home.tsx → app/routes/other.tsx',
      ])
      expect(new Set(found.map((v) => v.split(':')[0]))).toEqual(new Set(RULES))
    },
    SLOW,
  )
})

// What an import graph cannot see: calls and globals, found by reading the
// source. Comment lines are skipped, so a comment may name what it explains.

interface Line {
  file: string
  number: number
  text: string
}

function sourceLines(dir: string): Line[] {
  const lines: Line[] = []
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !/\.(ts|tsx)$/.test(entry.name)) continue
    const file = path.relative(process.cwd(), path.join(entry.parentPath, entry.name))
    fs.readFileSync(file, 'utf8')
      .split('\n')
      .forEach((text, i) => {
        const code = text.trim()
        if (!code.startsWith('//') && !code.startsWith('*') && !code.startsWith('/*')) lines.push({ file, number: i + 1, text: code })
      })
  }
  return lines
}

const APP = sourceLines('app')
const offenders = (matches: (line: Line) => boolean) => APP.filter(matches).map((l) => `${l.file}:${l.number}: ${l.text}`)

describe('the app’s code', () => {
  // Kysely's db.transaction() takes no argument; the browser's IndexedDB transaction(store, mode) is another thing.
  const opensTransaction = (l: Line) => /\.transaction\(\s*\)/.test(l.text)

  test('opens transactions only in app/core (write() in work.server.ts); inTransaction is gone', () => {
    expect(offenders((l) => opensTransaction(l) && !l.file.startsWith('app/core/'))).toEqual([])
    expect(offenders((l) => /\binTransaction\(/.test(l.text))).toEqual([])
  })

  test('logs through work.log, never the console', () => {
    expect(offenders((l) => /\bconsole\./.test(l.text))).toEqual([])
  })

  test('reads settings from work.config, never process.env', () => {
    expect(offenders((l) => l.text.includes('process.env'))).toEqual([])
  })

  test('writes audit entries with tx.audit only: nothing else inserts into audit_log', () => {
    expect(offenders((l) => /insertInto\(\s*'audit_log'/.test(l.text) && l.file !== 'app/core/work.server.ts')).toEqual([])
  })

  test('the scan reads the app: it finds the one place that opens transactions', () => {
    expect(offenders((l) => opensTransaction(l) && l.file === 'app/core/work.server.ts')).toHaveLength(1)
  })
})

describe('the routes', () => {
  const importsOf = (l: Line) => /^(import|export)\b.*\bfrom\s+'(\.{1,2}\/[^']+)'/.exec(l.text)?.[2]

  test('a folder route imports no other route folder (dependency-cruiser cannot say "the same folder" of names with $)', () => {
    const crossing = APP.filter((l) => {
      const specifier = l.file.startsWith('app/routes/') ? importsOf(l) : undefined
      if (!specifier) return false
      const target = path.relative('app/routes', path.resolve(path.dirname(l.file), specifier))
      const own = path.relative('app/routes', l.file).split(path.sep)[0]
      return !target.startsWith('..') && target.split(path.sep)[0] !== own
    })
    expect(crossing.map((l) => `${l.file}:${l.number}: ${l.text}`)).toEqual([])
  })

  test('the scan sees relative imports: it finds a folder route importing its own part', () => {
    expect(APP.some((l) => l.file.startsWith('app/routes/') && l.file.includes('/route.tsx') && importsOf(l)?.startsWith('./'))).toBe(true)
  })
})

describe('the size of files', () => {
  const lineCounts = (dir: string) =>
    fs
      .readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile() && /\.(ts|tsx)$/.test(e.name))
      .map((e) => path.join(e.parentPath, e.name))
      .map((file) => ({ file, lines: fs.readFileSync(file, 'utf8').split('\n').length }))

  test('every route file is under 200 lines', () => {
    expect(lineCounts('app/routes').filter((f) => f.lines >= 200)).toEqual([])
  })

  test('every module file is at most 350 lines', () => {
    expect(lineCounts('app/modules').filter((f) => f.lines > 350)).toEqual([])
  })
})
