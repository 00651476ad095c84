#!/usr/bin/env bash
# The call-load benchmark with lean callers: FrontDesk's `calls-server` (the benchmark's server, as in
# `FrontDeskBenchmarks calls.N`) against tools/media-load.c, a Twilio Media Streams load generator in C
# that plays the same callers at about half the simulator's CPU. See docs/benchmarks.md ("Lean callers").
#
#   tools/media-load.sh 1000                 # 1,000 calls, 10 s ramp, 20 s measured (release build)
#   tools/media-load.sh 500 5 30             # calls, ramp seconds, measured seconds
#   tools/media-load.sh --bench .build/debug/FrontDeskBenchmarks 5 1 3   # a smoke run on a debug build (CI)
#
# Prints the tool's one-line report. Loopback only; everything it starts stops with it.
set -euo pipefail
cd "$(dirname "$0")/.."

bench=""
if [ "${1:-}" = "--bench" ]; then bench="$2"; shift 2; fi
calls="${1:-1000}"; ramp="${2:-$(( calls / 100 > 1 ? calls / 100 : 1 ))}"; duration="${3:-20}"

if [ -z "$bench" ]; then
  if ! out="$(swift build -c release --product FrontDeskBenchmarks 2>&1)"; then echo "$out" >&2; exit 1; fi
  bench=.build/release/FrontDeskBenchmarks
fi
work="$(mktemp -d /tmp/media-load.XXXXXX)"
server=""
cleanup() { [ -n "$server" ] && kill "$server" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

"${CC:-cc}" -O2 -Wall -Werror -pthread -o "$work/media-load" tools/media-load.c -lm
"$bench" calls-audio "$work/lines" >/dev/null

"$bench" calls-server --port 0 --exit-with-parent >"$work/server.txt" 2>&1 &
server=$!
for _ in $(seq 1 100); do grep -q "listening on" "$work/server.txt" && break; sleep 0.1; done
read -r port pid < <(sed -n 's/.*listening on \([0-9]*\) pid \([0-9]*\).*/\1 \2/p' "$work/server.txt")
[ -n "${port:-}" ] || { echo "calls-server did not start:" >&2; cat "$work/server.txt" >&2; exit 1; }

"$work/media-load" --port "$port" --calls "$calls" --ramp "$ramp" --duration "$duration" --lines "$work/lines" --server-pid "$pid"
