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

# The storage tests run against PostgreSQL too: install and start it on loopback when missing, with a role and a
# database for the tests (idempotent). Without it, or with FORTRESS_TEST_POSTGRES already set, nothing is done here.
if [ -z "${FORTRESS_TEST_POSTGRES:-}" ]; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    echo "== installing postgresql (for the storage tests)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; } >/dev/null 2>&1 || echo "warning: could not install postgresql"
  fi
  if command -v pg_lsclusters >/dev/null 2>&1 && [ "$(id -u)" -eq 0 ]; then
    read -r pgver pgcluster pgport pgstatus _ < <(pg_lsclusters -h | head -n 1)
    if [ -n "${pgver:-}" ]; then
      [ "$pgstatus" = "online" ] || pg_ctlcluster "$pgver" "$pgcluster" start >/dev/null 2>&1 || true
      pgsql() { runuser -u postgres -- psql -p "$pgport" -qtAX "$@" 2>/dev/null; }
      [ "$(pgsql -c "SELECT 1 FROM pg_roles WHERE rolname = 'fortress_test'")" = "1" ] \
        || pgsql -c "CREATE ROLE fortress_test LOGIN PASSWORD 'fortress_test'" >/dev/null
      [ "$(pgsql -c "SELECT 1 FROM pg_database WHERE datname = 'fortress_test'")" = "1" ] \
        || pgsql -c "CREATE DATABASE fortress_test OWNER fortress_test" >/dev/null
      if [ "$(pgsql -c "SELECT 1 FROM pg_database WHERE datname = 'fortress_test'")" = "1" ]; then
        export FORTRESS_TEST_POSTGRES="Host=127.0.0.1;Port=$pgport;Database=fortress_test;Username=fortress_test;Password=fortress_test"
      else
        echo "warning: PostgreSQL is not available; the PostgreSQL storage tests will be skipped"
      fi
    fi
  fi
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

# The console page's unit tests (vitest), when its packages are installed and no filter was given; added to the counts.
if [ $# -eq 0 ] && [ -d web/node_modules ]; then
  echo "== page unit tests"
  # Colours off and stripped anyway (CI=true turns them on), so the summary line can be read.
  (cd web && NO_COLOR=1 FORCE_COLOR=0 npx --no-install vitest run 2>&1) | sed 's/\x1b\[[0-9;]*m//g' | grep -v nodedir | tee "$log"
  line=$(grep -E '^[[:space:]]*Tests[[:space:]]' "$log" | tail -n 1)
  wp=$(sed -nE 's/.* ([0-9]+) passed.*/\1/p' <<<"$line"); wf=$(sed -nE 's/.* ([0-9]+) failed.*/\1/p' <<<"$line")
  passed=$((passed + ${wp:-0})); failed=$((failed + ${wf:-0}))
  if [ -z "$line" ]; then failed=$((failed + 1)); fi
fi
echo "$passed passed, $failed failed, $skipped skipped"
[ "$rc" -eq 0 ] && [ "$failed" -eq 0 ]
