#!/usr/bin/env bash
# The call-load benchmark with lean callers: FrontDesk's `calls-server` (the benchmark's server, as in
# `FrontDeskBenchmarks calls.N`) against tools/media-load.c, a Twilio Media Streams load generator in C
# that plays the simulator's callers at about half its CPU. See docs/benchmarks.md ("Lean callers").
#
#   tools/media-load.sh 1000                 # 1,000 calls, 10 s ramp (calls / 100), 20 s measured; release build
#   tools/media-load.sh 500 5 30             # calls, ramp seconds, measured seconds
#   tools/media-load.sh --bench .build/debug/FrontDeskBenchmarks 5 1 8   # the smoke run CI makes on a debug build
#
# Prints the tool's one-line report. Loopback only; the server it starts stops with it.
set -euo pipefail
cd "$(dirname "$0")/.."

bench=""
if [ "${1:-}" = "--bench" ]; then bench="$2"; shift 2; fi
calls="${1:-1000}"; ramp="${2:-$(( calls / 100 > 1 ? calls / 100 : 1 ))}"; duration="${3:-20}"
cc="${CC:-$(command -v cc || command -v clang || true)}"
[ -n "$cc" ] || { echo "media-load.sh: no C compiler (cc or clang)" >&2; exit 1; }

if [ -z "$bench" ]; then
  if ! out="$(swift build -c release --product FrontDeskBenchmarks 2>&1)"; then echo "$out" >&2; exit 1; fi
  bench=.build/release/FrontDeskBenchmarks
fi
work="$(mktemp -d /tmp/media-load.XXXXXX)"
server=""
cleanup() {
  if [ -n "$server" ]; then
    kill "$server" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server" 2>/dev/null || break; sleep 0.1; done
    kill -9 "$server" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

"$cc" -O2 -Wall -Werror -pthread -o "$work/media-load" tools/media-load.c -lm
if ! out="$("$bench" calls-audio "$work/lines" 2>&1)"; then echo "media-load.sh: $bench calls-audio failed: $out" >&2; exit 1; fi

"$bench" calls-server --port 0 --exit-with-parent >"$work/server.txt" 2>&1 &
server=$!
for _ in $(seq 1 300); do grep -q "listening on" "$work/server.txt" && break; sleep 0.1; done
port=""; pid=""
read -r port pid < <(sed -n 's/.*listening on \([0-9]*\) pid \([0-9]*\).*/\1 \2/p' "$work/server.txt") || true
[ -n "$port" ] || { echo "calls-server did not start:" >&2; cat "$work/server.txt" >&2; exit 1; }

"$work/media-load" --port "$port" --calls "$calls" --ramp "$ramp" --duration "$duration" --lines "$work/lines" --server-pid "$pid"
