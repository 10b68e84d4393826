#!/usr/bin/env bash
# Install the Debian packages the site needs, only when they are missing.
# Usage: install_system_deps.sh [build|test]   (build: what `make serve` and `make build` need;
# test, the default: that and what the test suite adds).
# Chromium: the real-browser tests (Playwright drives /usr/bin/chromium; browser downloads are
# not used). Pango and a font: WeasyPrint draws the planner's PDFs at every build and embeds
# the font's glyphs. Add a package to PACKAGES together with the command that proves it is present.
set -euo pipefail

declare -A PACKAGES=(
  [libpango-1.0-0]="dpkg-query -W -f='\${Status}' libpango-1.0-0 | grep -q 'ok installed'"
  [libpangoft2-1.0-0]="dpkg-query -W -f='\${Status}' libpangoft2-1.0-0 | grep -q 'ok installed'"
  [fonts-dejavu-core]="test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
if [ "${1:-test}" = "test" ]; then
  PACKAGES[chromium]="test -x /usr/bin/chromium"
fi

missing=()
for package in "${!PACKAGES[@]}"; do
  bash -c "${PACKAGES[$package]}" 2>/dev/null || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "Missing system packages: ${missing[*]}. Install them (Debian/Ubuntu: apt-get install ${missing[*]}) and run make again." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
