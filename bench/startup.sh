#!/usr/bin/env bash
# Whole-process start-up benchmark of the command line (docs/benchmarks.md, "Start-up"): hyperfine (Debian package),
# several runs after a warm-up, the median, `fortress --version` in the same run as the baseline. Publishes the CLI
# first through ./fortress (ReadyToRun, artifacts/cli); the row without ReadyToRun needs `dotnet build -c Release` of
# src/Fortress.Cli (test.sh's build leaves it).
# Usage: bench/startup.sh [RUNS]     (writes the JSON of hyperfine to artifacts/startup.json)
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-10}"
command -v hyperfine >/dev/null || { echo "hyperfine not found: apt-get install hyperfine" >&2; exit 1; }
./fortress --version >/dev/null
dll=artifacts/cli/Fortress.Cli.dll
report=$(mktemp --suffix=.html)
trap 'rm -f "$report"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg) on $(nproc) cores"
hyperfine -N -w 2 -r "$runs" --export-json artifacts/startup.json \
  -n 'fortress --version' "dotnet $dll --version" \
  -n 'fortress plan' "env DOTNET_TieredPGO=0 dotnet $dll plan --report $report" \
  -n 'fortress plan scenarios/cologne-special.json' "env DOTNET_TieredPGO=0 dotnet $dll plan scenarios/cologne-special.json" \
  -n 'fortress plan, dynamic PGO on' "dotnet $dll plan --report $report" \
  -n 'fortress plan, no ReadyToRun (dotnet build output)' "env DOTNET_TieredPGO=0 dotnet src/Fortress.Cli/bin/Release/net10.0/Fortress.Cli.dll plan --report $report" \
  -n './fortress --version (the wrapper)' "./fortress --version"
python3 - <<'PY'
import json
d = json.load(open("artifacts/startup.json"))["results"]
base = d[0]["median"]
print(f"{'command':48} {'median s':>9} {'user s':>7} {'sys s':>6} {'x --version':>11}")
for r in d:
    print(f"{r['command']:48} {r['median']:9.3f} {r['user']:7.3f} {r['system']:6.3f} {r['median']/base:11.2f}")
PY
