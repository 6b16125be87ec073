#!/usr/bin/env bash
# bench_decode.sh - the codec benchmark of perf/, all figures in one run:
#  1. `skyfuse bench decode`: records/s decoding >= 1 M records (median of 5);
#  2. callgrind instruction counts: one typical CAT048 plot decode and one
#     typical CAT062 track encode (loops of N inside one function, counted
#     with --toggle-collect and divided by N; baseline x86-64-v2 build);
#  3. `skyfuse decode --json` against `tshark -T json` on the same 1 M-record
#     capture (wall time of each, output to /dev/null).
# Usage: perf/bench_decode.sh [BUILD_DIR]   (default: build)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
sky=$build/skyfuse
tmp=$(mktemp -d /tmp/skyfuse-bench.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

echo "== 1. codec throughput (skyfuse bench decode)"
$sky bench decode --records 1000000 --rounds 5 --pcap "$tmp/stream.pcap"

loop=200000
count() { # FUNCTION ARGS... -> instructions per iteration
  local fn=$1; shift
  valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.out" \
    --toggle-collect="$fn" "$sky" bench decode "$@" >/dev/null 2>"$tmp/cg.err"
  local ir
  ir=$(awk '/^summary:/ {print $2}' "$tmp/cg.out")
  echo "$ir" "$loop" | awk '{printf "%.1f", $1 / $2}'
}
echo "== 2. instructions (callgrind, $loop iterations each)"
echo "cat048 typical plot decode: $(count bench_cat048_loop --loop-cat048 $loop) instructions/record (goal <= 150)"
echo "cat062 typical track encode: $(count bench_cat062_loop --loop-cat062 $loop) instructions/record (goal <= 250)"

echo "== 3. skyfuse decode --json vs tshark -T json, same capture"
t0=$(date +%s.%N)
$sky decode --json "$tmp/stream.pcap" >/dev/null
t1=$(date +%s.%N)
lines=$($sky decode --json "$tmp/stream.pcap" | wc -l)
echo "skyfuse decode --json: $(awk -v a="$t0" -v b="$t1" 'BEGIN{printf "%.2f", b - a}') s ($lines lines)"
if command -v tshark >/dev/null; then
  t2=$(date +%s.%N)
  tshark -r "$tmp/stream.pcap" -d udp.port==8600,asterix -T json >/dev/null 2>&1
  t3=$(date +%s.%N)
  echo "tshark -T json:        $(awk -v a="$t2" -v b="$t3" 'BEGIN{printf "%.2f", b - a}') s"
  echo "ratio tshark/skyfuse:  $(awk -v a="$t0" -v b="$t1" -v c="$t2" -v d="$t3" 'BEGIN{printf "%.1f", (d - c) / (b - a)}')x (goal >= 20x)"
else
  echo "tshark not installed: comparison skipped"
fi
