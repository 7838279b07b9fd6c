import fs from 'node:fs'
import { defineConfig, devices } from '@playwright/test'
import { E2E_PORT, E2E_SMTP_PORT } from './tests/e2e/ports.ts'
import { setPublicOrigin } from './app/core/public-origin.server.ts'
import { pinTestClock } from './tests/setup/clock.ts'

// In the runner and in every worker (each loads this file): the pinned clock,
// and the public origin the test server has (no PUBLIC_ORIGIN: localhost and its port).
pinTestClock()
setPublicOrigin(`http://localhost:${E2E_PORT}`)

// Debian's Chromium where it is installed (this project's machines), else
// Playwright's own browser. See scripts/ensure-test-tools.sh.
const debianChromium = '/usr/bin/chromium'
const executablePath = fs.existsSync(debianChromium) ? debianChromium : undefined

const PORT = E2E_PORT

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'tests/.tmp/e2e-results',
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  expect: { timeout: 7_000 },
  reporter: [['list'], ['json', { outputFile: 'tests/.tmp/playwright.json' }]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    ...devices['Desktop Chrome'],
    locale: 'kk-KZ',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [
    { name: 'main', testIgnore: /monitoring\.spec\.ts/ },
    // Moves the server's clock forward 90 days, so it runs alone, after the rest.
    { name: 'monitoring', testMatch: /monitoring\.spec\.ts/, dependencies: ['main'] },
  ],
  webServer: {
    // The built app on its own database, created afresh for each run.
    command: 'node --import tsx tests/e2e/serve.ts',
    url: `http://localhost:${PORT}/healthz`,
    reuseExistingServer: false,
    timeout: 60_000,
    env: {
      PORT: String(PORT),
      NODE_ENV: 'test',
      DATABASE_URL: 'tests/.tmp/e2e.db',
      HOST: '127.0.0.1',
      SMTP_URL: `smtp://127.0.0.1:${E2E_SMTP_PORT}`,
      MAIL_INTERVAL_MS: '600000',
      TEST_CLOCK_START: process.env.TEST_CLOCK_START!,
      TEST_CLOCK_ANCHOR_MS: process.env.TEST_CLOCK_ANCHOR_MS!,
    },
    stdout: 'ignore',
    stderr: 'pipe',
  },
})
