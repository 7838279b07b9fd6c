// Adds up the Vitest and Playwright JSON reports into one closing line.
import fs from 'node:fs'

function read(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

const vitest = read('tests/.tmp/vitest.json') as { numPassedTests?: number; numFailedTests?: number } | null
const playwright = read('tests/.tmp/playwright.json') as { stats?: { expected?: number; unexpected?: number; flaky?: number } } | null

const passed = (vitest?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0)
const failed = (vitest?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0)
console.log(`\nVitest: ${vitest ? `${vitest.numPassedTests} passed, ${vitest.numFailedTests} failed` : 'no report'}; Playwright: ${playwright ? `${playwright.stats?.expected ?? 0} passed, ${playwright.stats?.unexpected ?? 0} failed` : 'no report'}`)
console.log(`${passed} passed, ${failed} failed`)
