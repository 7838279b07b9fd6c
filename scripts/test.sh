#!/usr/bin/env bash
# npm test: every check and every test, browser tests in real Chromium included.
# Runs all stages even when one fails, then prints one closing line.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p tests/.tmp
rm -f tests/.tmp/vitest.json tests/.tmp/vitest-postgres.json tests/.tmp/playwright.json

failed=()
stage() {
  local name=$1; shift
  printf '\n== %s\n' "$name"
  if ! "$@"; then failed+=("$name"); fi
}

if ! bash scripts/ensure-test-tools.sh; then
  echo "Cannot run the tests without their tools." >&2
  exit 1
fi

stage "type-check" npx tsc
stage "lint" npx eslint --max-warnings 0 .
stage "format" npx prettier --check .
stage "content check" npx tsx scripts/content-check.ts
stage "build" npx remix vite:build
stage "unit and integration tests (Vitest, SQLite)" env -u TEST_DATABASE_URL npx vitest run --reporter=default --reporter=json --outputFile=tests/.tmp/vitest.json
# No test may depend on today's date: tests pin the app's clock
# (tests/setup/clock.ts), and the two stages below run with the whole system
# clock moved three years ahead (Debian's faketime: the test runner, the
# servers, PostgreSQL and Chromium alike), the Vitest stage above at today's.
ahead=(faketime -f +3y)
stage "integration tests on PostgreSQL, clock 3 years ahead" "${ahead[@]}" bash scripts/test-postgres.sh
stage "browser tests (Playwright, Chromium), clock 3 years ahead" "${ahead[@]}" npx playwright test

node --import tsx scripts/test-summary.ts
if [ ${#failed[@]} -gt 0 ]; then
  printf 'Failed stages: %s\n' "$(IFS=', '; echo "${failed[*]}")"
  exit 1
fi
