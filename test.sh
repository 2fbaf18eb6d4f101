#!/usr/bin/env bash
# Runs every Fortress test and ends with the line "N passed, N failed, N skipped".
# Usage: ./test.sh            (installs what the tests need, builds, runs them)
#        ./test.sh --filter-class '*Routing*'   (extra arguments go to the xunit v3 runner)
set -uo pipefail
cd "$(dirname "$0")"

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# The report's browser test needs Debian's chromium (never a downloaded browser); without it that test skips.
if [ ! -x /usr/bin/chromium ]; then
  echo "== installing chromium (for the report's browser test)"
  if command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ] \
     && apt-get update -qq >/dev/null 2>&1 \
     && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null 2>&1; then
    echo "chromium installed"
  else
    echo "warning: could not install chromium; the report's browser test will be skipped"
  fi
fi

# The console page (web/) is built into src/Fortress.Web/wwwroot; without npm its browser tests skip.
if command -v npm >/dev/null 2>&1; then
  echo "== page"
  web/build.sh || echo "warning: the console page did not build; its browser tests will be skipped"
fi

echo "== build"
if ! dotnet build Fortress.slnx -c Release -nologo -v q >"$log" 2>&1; then
  tail -n 40 "$log"; echo "build failed"; echo "0 passed, 1 failed"; exit 1
fi

echo "== tests"
dotnet test --project tests/Fortress.Tests/Fortress.Tests.csproj -c Release --no-build -- "$@" 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}

# Microsoft.Testing.Platform prints "total: N / failed: N / succeeded: N / skipped: N"; sum them over every test project.
passed=$(awk '/^[[:space:]]*succeeded:/ {s+=$2} END {print s+0}' "$log")
failed=$(awk '/^[[:space:]]*failed:/ {s+=$2} END {print s+0}' "$log")
skipped=$(awk '/^[[:space:]]*skipped:/ {s+=$2} END {print s+0}' "$log")
if [ "$rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
