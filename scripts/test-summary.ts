// Adds up the Vitest (SQLite and PostgreSQL) and Playwright JSON reports into one closing line.
import fs from 'node:fs'

type VitestReport = { numPassedTests?: number; numFailedTests?: number } | null

function read(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'))
  } catch {
    return null
  }
}

const vitest = read('tests/.tmp/vitest.json') as VitestReport
const postgres = read('tests/.tmp/vitest-postgres.json') as VitestReport
const playwright = read('tests/.tmp/playwright.json') as { stats?: { expected?: number; unexpected?: number; flaky?: number } } | null

const described = (report: VitestReport) => (report ? `${report.numPassedTests} passed, ${report.numFailedTests} failed` : 'no report')
const passed = (vitest?.numPassedTests ?? 0) + (postgres?.numPassedTests ?? 0) + (playwright?.stats?.expected ?? 0)
const failed = (vitest?.numFailedTests ?? 0) + (postgres?.numFailedTests ?? 0) + (playwright?.stats?.unexpected ?? 0) + (playwright?.stats?.flaky ?? 0)
console.log(
  `\nVitest (SQLite): ${described(vitest)}; Vitest integration (PostgreSQL): ${described(postgres)}; ` +
    `Playwright: ${playwright ? `${playwright.stats?.expected ?? 0} passed, ${playwright.stats?.unexpected ?? 0} failed` : 'no report'}`,
)
console.log(`${passed} passed, ${failed} failed`)
