#!/usr/bin/env bash
# The integration suite again, on a real PostgreSQL: a throwaway cluster from
# scripts/pg-test-server.sh (installed from Debian's packages when missing),
# stopped and removed afterwards. TEST_DATABASE_URL=postgres://…/postgres uses
# a server of your own instead; the suite creates and drops its databases there.
set -uo pipefail
cd "$(dirname "$0")/.."
own_server=false
if [ -z "${TEST_DATABASE_URL:-}" ]; then
  TEST_DATABASE_URL=$(bash scripts/pg-test-server.sh) || exit 1
  own_server=true
fi
export TEST_DATABASE_URL
npx vitest run tests/integration --reporter=default --reporter=json --outputFile=tests/.tmp/vitest-postgres.json
status=$?
if $own_server; then bash scripts/pg-test-server.sh stop; fi
exit $status
