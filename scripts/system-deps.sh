#!/usr/bin/env bash
# Install the Debian packages the test suite needs, if missing: postgresql (the
# second database every test runs on) and chromium (the browser Playwright drives).
# Runs `apt-get update` once, only when something is missing.
set -euo pipefail

missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || missing+=(fonts-dejavu-core)  # QR label sheets (catalogue)
[ ${#missing[@]} -eq 0 ] && exit 0

echo "== Installing Debian packages: ${missing[*]} =="
if [ "$(id -u)" -ne 0 ]; then SUDO=sudo; else SUDO=; fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
