// Adds up the Vitest (SQLite and PostgreSQL) and Playwright JSON reports into one closing line.
import fs from 'node:fs'

type VitestReport = {
  numPassedTests?: number
  numFailedTests?: number
  testResults?: { name: string; assertionResults?: { fullName: string; status: string; failureMessages?: string[] }[] }[]
} | null

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
// Repeated at the very end, where a CI log cut to its tail still shows them.
const failures = [
  ...[vitest, postgres].flatMap((report, i) =>
    (report?.testResults ?? []).flatMap((file) =>
      (file.assertionResults ?? [])
        .filter((t) => t.status === 'failed')
        .map(
          (t) =>
            `${i ? 'PostgreSQL' : 'SQLite'}: ${file.name.replace(process.cwd() + '/', '')} > ${t.fullName}\n    ${(t.failureMessages?.[0] ?? '').split('\n').slice(0, 3).join('\n    ')}`,
        ),
    ),
  ),
]
if (failures.length) console.log(`\nFailed tests:\n${failures.map((f) => `  ${f}`).join('\n')}`)
console.log(`${passed} passed, ${failed} failed`)
