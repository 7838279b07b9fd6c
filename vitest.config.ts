import { defineConfig } from 'vitest/config'
import { pinTestClock } from './tests/setup/clock.ts'

pinTestClock()

export default defineConfig({
  test: {
    // Only our own tests: Playwright specs in tests/e2e run under Playwright.
    include: ['tests/unit/**/*.test.{ts,tsx}', 'tests/integration/**/*.test.{ts,tsx}'],
    globalSetup: ['tests/setup/global-setup.ts'],
    setupFiles: ['tests/setup/app-settings.ts', 'tests/setup/fail-on-console-error.ts'],
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 20_000,
  },
})
