#!/usr/bin/env bash
# Makes sure a Chromium for the browser tests is there: Debian's /usr/bin/chromium,
# installed with apt when missing and we are root; else Playwright's own browser.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then exit 0; fi

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  exit 0
fi

if ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1; then exit 0; fi

cat >&2 <<'MSG'
The browser tests need Chromium, and none was found.
  On Debian or Ubuntu: sudo apt-get install chromium   (then run npm test again)
  Elsewhere:           npx playwright install chromium
MSG
exit 1
