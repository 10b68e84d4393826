#!/usr/bin/env bash
# Install the Debian packages the site needs, only when they are missing.
# Usage: install_system_deps.sh [build|test]   (build: what `make serve` and `make build` need;
# test, the default: that and what the test suite adds).
# Chromium: the real-browser tests (Playwright drives /usr/bin/chromium; browser downloads are
# not used). A headless Java runtime and npm: the Nu Html Checker (vnu.jar, the W3C validator),
# which the tests run over every built page; npm installs its pinned package (scripts/vnu/) into
# .cache/vnu/. Pango and a font: WeasyPrint draws the planner's PDFs at every build and embeds
# the font's glyphs. Add a package to PACKAGES together with the command that proves it is present.
set -euo pipefail
cd "$(dirname "$0")/.."

declare -A PACKAGES=(
  [libpango-1.0-0]="dpkg-query -W -f='\${Status}' libpango-1.0-0 | grep -q 'ok installed'"
  [libpangoft2-1.0-0]="dpkg-query -W -f='\${Status}' libpangoft2-1.0-0 | grep -q 'ok installed'"
  [fonts-dejavu-core]="test -f /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
)
if [ "${1:-test}" = "test" ]; then
  PACKAGES[chromium]="test -x /usr/bin/chromium"
  PACKAGES[default-jre-headless]="command -v java >/dev/null"
  PACKAGES[npm]="command -v npm >/dev/null"
fi

# The validator's npm package, pinned by scripts/vnu/package-lock.json, installed again only
# when the lock changes. --ignore-scripts: its install script would download a Java runtime;
# the Debian one above runs it.
install_vnu() {
  [ "${1:-test}" = "test" ] || return 0
  local target=.cache/vnu
  if cmp -s scripts/vnu/package-lock.json "$target/package-lock.json" \
    && [ -f "$target/node_modules/vnu-jar/build/dist/vnu.jar" ]; then
    return 0
  fi
  echo "Installing the Nu Html Checker (npm vnu-jar, scripts/vnu/) into $target"
  mkdir -p "$target"
  cp scripts/vnu/package.json scripts/vnu/package-lock.json "$target/"
  npm ci --prefix "$target" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
}

missing=()
for package in "${!PACKAGES[@]}"; do
  bash -c "${PACKAGES[$package]}" 2>/dev/null || missing+=("$package")
done
if [ ${#missing[@]} -eq 0 ]; then
  install_vnu "${1:-test}"
  exit 0
fi

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null; then
  echo "Missing system packages: ${missing[*]}. Install them (Debian/Ubuntu: apt-get install ${missing[*]}) and run make again." >&2
  exit 1
fi
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
echo "Installing system packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
install_vnu "${1:-test}"
