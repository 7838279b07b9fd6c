#!/usr/bin/env bash
# The tests read PDFs and QR codes back with real tools and drive a real
# Chromium: Debian's chromium, poppler-utils (pdftotext, pdftoppm, pdfinfo,
# pdffonts), zbar-tools (zbarimg) and faketime (runs part of the suite with the
# system clock years ahead, so that no test depends on today's date). Installs what is missing when it can
# (root with apt); otherwise says what to install and fails.
set -euo pipefail

missing=()
[ -x /usr/bin/chromium ] || ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium-* >/dev/null 2>&1 || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v zbarimg >/dev/null 2>&1 || missing+=(zbar-tools)
command -v faketime >/dev/null 2>&1 || missing+=(faketime)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the test tools: ${missing[*]} ..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  exit 0
fi

cat >&2 <<MSG
The tests need these Debian packages, and they are missing: ${missing[*]}
  On Debian or Ubuntu: sudo apt-get install ${missing[*]}   (then run npm test again)
  For Chromium elsewhere: npx playwright install chromium
MSG
exit 1
