#!/usr/bin/env bash
# Builds the console page (web/) into src/Fortress.Web/wwwroot. Installs the npm packages only when node_modules is
# missing or older than package-lock.json, and builds only when a source is newer than the built page.
# Usage: web/build.sh            (from anywhere)
set -euo pipefail
web="$(cd "$(dirname "$0")" && pwd)"
out="$web/../src/Fortress.Web/wwwroot/index.html"
cd "$web"
if ! command -v npm >/dev/null 2>&1; then
  echo "web/build.sh: npm not found; the console page is not built (install Node.js 20 and npm)" >&2
  exit 1
fi
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules ]; then
  # npm ci refuses a lock whose platform packages a partial registry mirror could not list; install without saving then.
  if ! npm ci --no-audit --no-fund --loglevel=error 2>/dev/null; then
    echo "web/build.sh: npm ci refused package-lock.json; installing with npm install --no-save" >&2
    npm install --no-save --no-audit --no-fund --loglevel=error
  fi
  touch node_modules
fi
if [ ! -f "$out" ] || [ -n "$(find index.html vite.config.ts package-lock.json src public -newer "$out" -type f -print -quit)" ]; then
  npm run --silent build -- --logLevel warn
  touch "$out"
fi
