#!/usr/bin/env bash
# bench_pipeline.sh - the pipeline benchmark of perf/ (issue 4, Speed), all
# figures in one run, on the scale scenario (`skyfuse sim
# configs/scenarios/scale.yaml`: 3200 targets, 5 minutes, ~20 k datagrams,
# ~840 k plots and ADS-B reports):
#  1. the bare DPDK loop on the same net_pcap vdev: `skyfuse bench rx`
#     (EAL + rte_eth_rx_burst + rte_pktmbuf_free, nothing else);
#  2. `skyfuse replay` with `tracker: {mode: passthrough}` (each plot goes
#     straight to publish as a one-plot track update): datagrams/s, and the
#     ratio 2/1 - what the runtime costs (goal >= 80 %); 2b. the runtime
#     and rx stage alone; 2c. the bare tx loop on the passthrough's own
#     output (`skyfuse bench tx` into a net_pcap file), and the ceiling that
#     rx + tx alone put on the ratio 2/1;
#  3. `skyfuse replay` with `tracker: {mode: baseline}`: datagrams/s,
#     plots/s and the share of wall time each stage was busy (the runtime's
#     TSC busy_cycles / elapsed);
#  each of 1-3 as fast as possible, RUNS times, median (min..max);
#  4. rx -> publish latency percentiles at a fixed offered rate (the capture
#     sped up SPEED times): a. tracker passthrough, DPDK net_pcap input
#     (`replay --speed SPEED`) against the kernel UDP socket driver (`run`,
#     fed over loopback by `skyfuse bench tx --udp --speed SPEED`), with the
#     default idle policy and with --idle yield; b. the baseline tracker at
#     BASE_SPEED, whose figure holds the fuse stage's reorder window
#     (tracker.window_s of measurement time). The rx stamp is taken when the
#     rx stage gets the frame from the port, so the kernel's own receive
#     path is not inside the socket figure.
# Memory: whatever EAL's default picks on this host (--no-huge without
# mounted hugepages, --in-memory with them); printed with the figures.
# Usage: perf/bench_pipeline.sh [BUILD_DIR]   (default: build)
#        RUNS=5 SPEED=10 BASE_SPEED=5 perf/bench_pipeline.sh build
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build}
sky=$build/skyfuse
runs=${RUNS:-5}
speed=${SPEED:-10}
base_speed=${BASE_SPEED:-5}
tmp=$(mktemp -d /tmp/skyfuse-benchpipe.XXXXXX)
run_pid=
cleanup() {
  if [ -n "$run_pid" ]; then kill -INT "$run_pid" 2>/dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT

# ---- helpers ---------------------------------------------------------------
# json FILE EXPR: a Python expression over the stats JSON `j`, with
# st(name) = the stage object and share(name) = its busy share of the run.
json() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
j = json.load(open(sys.argv[1]))
def st(name):
    return next(s for s in j["stages"] if s["stage"] == name)
def share(name):
    return 100.0 * st(name)["runtime"]["busy_cycles"] / (j["elapsed_s"] * j["tsc_hz"])
print(eval(sys.argv[2]))
EOF
}
# median of the numbers on stdin, with (min..max)
median() {
  sort -g | awk '{v[NR] = $1} END {printf "%.0f (%.0f..%.0f)", v[int((NR + 1) / 2)], v[1], v[NR]}'
}
# config BASE OUT MODE: BASE with tracker.mode MODE
config() {
  if grep -q '^tracker:' "$1"; then
    echo "bench_pipeline.sh: $1 already has a tracker section" >&2
    exit 1
  fi
  { cat "$1"; echo "tracker: {mode: $3}"; } >"$2"
}
cpu=$(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)
echo "host: $cpu, $(nproc) cpus, load average $(cut -d' ' -f1-3 /proc/loadavg), $(uname -r)"
if grep -q ' hugetlbfs ' /proc/mounts && [ "$(awk '/HugePages_Free/ {print $2}' /proc/meminfo)" -gt 0 ]; then
  echo "memory: hugepages ($(awk '/Hugepagesize/ {print $2 $3}' /proc/meminfo) pages, EAL --in-memory)"
else
  echo "memory: no hugepages mounted (EAL --no-huge, 4 KiB pages)"
fi

echo "== 0. the scale scenario"
$sky sim configs/scenarios/scale.yaml -o "$tmp/scale" --quiet
cap=$tmp/scale/input.pcap
plots=0
# frames and capture duration (classic pcap, either byte order, us or ns)
read -r frames span < <(python3 - "$cap" <<'EOF'
import struct, sys
f = open(sys.argv[1], "rb")
magic = f.read(24)[:4]
e = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
div = 1e9 if magic in (b"\x4d\x3c\xb2\xa1", b"\xa1\xb2\x3c\x4d") else 1e6
n, first, last = 0, None, 0.0
while True:
    h = f.read(16)
    if len(h) < 16:
        break
    s, frac, incl, _ = struct.unpack(e + "IIII", h)
    f.seek(incl, 1)
    t = s + frac / div
    first = t if first is None else first
    last, n = t, n + 1
print(n, "%.3f" % (last - (first or 0)))
EOF
)
echo "capture: $(stat -c %s "$cap") bytes, $frames frames over $span s"
config "$tmp/scale/config.yaml" "$tmp/passthrough.yaml" passthrough
config "$tmp/scale/config.yaml" "$tmp/baseline.yaml" baseline
$sky check -c "$tmp/baseline.yaml" | sed -n '/^stages/,$p'

echo "== 1. bare DPDK rx loop (skyfuse bench rx --pcap input.pcap), $runs runs"
: >"$tmp/r1"
for _ in $(seq "$runs"); do
  $sky bench rx --pcap "$cap" >"$tmp/rx.out" 2>"$tmp/rx.err"
  awk '/^result:/ {print $7}' "$tmp/rx.out" >>"$tmp/r1"
done
grep -E '^(device|result)' "$tmp/rx.out" | sed 's/^/  last run: /'
r1=$(median <"$tmp/r1")
echo "bare rx loop: $r1 frames/s"

# replays NAME CONFIG [options]: RUNS replays as fast as possible (`skyfuse
# replay`, or `skyfuse run` when the config names its own input.pcap);
# datagrams/s of each in $tmp/r.NAME, the last run's stats in $tmp/NAME.json
replays() {
  local name=$1 cfg=$2 cmd=(replay -r "$cap" -w "$tmp/out.pcap")
  shift 2
  grep -q '^input: .*pcap:' "$cfg" && cmd=(run)
  : >"$tmp/r.$name"
  : >"$tmp/p.$name"
  for _ in $(seq "$runs"); do
    $sky "${cmd[@]}" -c "$cfg" --quiet --stats-json "$tmp/$name.json" \
      "$@" >"$tmp/$name.out" 2>"$tmp/$name.err" || {
      echo "replay ($name) failed:"; tail -5 "$tmp/$name.err" "$tmp/$name.out"; return 1; }
    json "$tmp/$name.json" 'st("rx")["runtime"]["in"] / j["elapsed_s"]' >>"$tmp/r.$name"
    json "$tmp/$name.json" 'st(j["stages"][1]["stage"])["counters"].get("plots", 0) / j["elapsed_s"] if len(j["stages"]) > 1 else 0' >>"$tmp/p.$name"
  done
}

echo "== 2. replay, tracker passthrough (skyfuse replay -c passthrough.yaml -r input.pcap -w out.pcap), $runs runs"
if replays passthrough "$tmp/passthrough.yaml"; then
  r2=$(median <"$tmp/r.passthrough")
  echo "pipeline, passthrough: $r2 datagrams/s"
  awk -v a="${r1%% *}" -v b="${r2%% *}" 'BEGIN {printf "ratio (2)/(1): %.1f %% (goal >= 80 %%)\n", 100 * b / a}'
  grep -E '^(busy time|reconcile:)' "$tmp/passthrough.out" | sed 's/^/  last run: /'
  j=$tmp/passthrough.json
  echo "  last run: busy TSC cycles per datagram: $(json "$j" '"  ".join("%s %.0f" % (s["stage"], s["runtime"]["busy_cycles"] / max(1, st("rx")["runtime"]["in"])) for s in j["stages"])')"
fi
echo "-- 2b. the runtime alone (skyfuse run -c rxonly.yaml --stages rx, input.pcap: the capture,"
echo "   no output): the rx stage (classify, stamp, strip headers), datagrams freed at its end"
sed "s|^input: .*|input: {udp_port: 8600, pcap: \"$cap\"}|" "$tmp/passthrough.yaml" >"$tmp/rxonly.yaml"
if replays rxonly "$tmp/rxonly.yaml" --stages rx; then
  r2b=$(median <"$tmp/r.rxonly")
  echo "runtime + rx stage: $r2b datagrams/s"
  awk -v a="${r1%% *}" -v b="${r2b%% *}" 'BEGIN {printf "ratio (2b)/(1): %.1f %%\n", 100 * b / a}'
fi
if [ -s "$tmp/out.pcap" ] && [ -s "$tmp/passthrough.json" ]; then
  # 2c. what writing the output alone costs: the bare tx loop on the
  # passthrough's own CAT062 capture, into a net_pcap file as replay does
  cp "$tmp/out.pcap" "$tmp/cat062.pcap"
  : >"$tmp/r1c"
  for _ in $(seq "$runs"); do
    $sky bench tx --pcap "$tmp/cat062.pcap" --device "net_pcap0,tx_pcap=$tmp/tx.pcap" \
      --linger 0 >"$tmp/tx.out" 2>"$tmp/tx.err"
    awk '/^result:/ {print $11}' "$tmp/tx.out" >>"$tmp/r1c"
  done
  r1c=$(median <"$tmp/r1c")
  out_frames=$(json "$tmp/passthrough.json" 'st("publish")["counters"].get("datagrams", 0)')
  echo "-- 2c. bare tx loop (skyfuse bench tx --pcap out.pcap --device net_pcap0,tx_pcap=FILE):" \
    "$r1c frames/s; the passthrough writes $out_frames CAT062 frames for $frames datagrams"
  awk -v a="${r1%% *}" -v t="${r1c%% *}" -v o="$out_frames" -v i="$frames" 'BEGIN {
    tx = o / i / t; rx = 1 / a
    printf "ceiling of (2)/(1) set by rx + tx alone, everything else free: one tx lcore %.1f %%, two cores fully shared %.1f %%\n",
      100 / (tx * a), 100 * 2 / ((rx + tx) * a) }'
fi

echo "== 3. replay, baseline tracker (skyfuse replay -c baseline.yaml -r input.pcap -w out.pcap), $runs runs"
if replays baseline "$tmp/baseline.yaml"; then
  echo "pipeline, baseline: $(median <"$tmp/r.baseline") datagrams/s, $(median <"$tmp/p.baseline") plots/s"
  j=$tmp/baseline.json
  plots=$(json "$j" 'st("decode")["counters"].get("plots", 0)')
  echo "  last run: $(json "$j" 'st("decode")["counters"].get("plots", 0)') plots in $(json "$j" '"%.3f" % j["elapsed_s"]') s," \
    "$(json "$j" 'st("fuse")["counters"].get("updates_out", 0)') track updates," \
    "$(json "$j" 'st("publish")["counters"].get("datagrams", 0)') CAT062 datagrams"
  echo "  busy share of the run (TSC, wall time): $(json "$j" '"  ".join("%s %.1f %%" % (s["stage"], share(s["stage"])) for s in j["stages"])')"
  echo "  busy TSC cycles per plot: $(json "$j" '"  ".join("%s %.0f" % (s["stage"], s["runtime"]["busy_cycles"] / max(1, st("decode")["counters"].get("plots", 1))) for s in j["stages"])')"
  grep -E '^(reconcile:)' "$tmp/baseline.out" | sed 's/^/  last run: /'
fi

echo "== 4. rx -> publish latency at a fixed offered rate: the capture sped up ${speed}x" \
  "(~$(awk -v n="$frames" -v s="$speed" -v d="$span" 'BEGIN {printf "%.0f", n * s / d}') datagrams/s," \
  "~$(awk -v n="$frames" -v s="$speed" -v d="$span" -v p="$plots" 'BEGIN {printf "%.0f", p * s / d}') plots/s)"
# no source allow-lists: over loopback every datagram comes from 127.0.0.1
lat() { # JSON LABEL
  echo "$2: $(json "$1" '"%d samples, p50 %.1f us, p90 %.1f us, p99 %.1f us, p99.9 %.1f us, max %.1f us" % ((j["latency_ns"]["count"],) + tuple(j["latency_ns"][k] / 1e3 for k in ("p50", "p90", "p99", "p99_9", "max")))'); rx $(json "$1" 'st("rx")["runtime"]["in"]') datagrams, dropped $(json "$1" 'sum(s["runtime"]["dropped"] for s in j["stages"])')"
}
lat_dpdk() { # MODE SPEED [options]
  local mode=$1 sp=$2
  shift 2
  sed '/source_addresses/d' "$tmp/$mode.yaml" >"$tmp/lat_$mode.yaml"
  $sky replay -c "$tmp/lat_$mode.yaml" -r "$cap" -w "$tmp/out.pcap" --speed "$sp" --quiet \
    --stats-json "$tmp/lat_dpdk_$mode.json" "$@" >"$tmp/lat_dpdk.out" 2>&1 || tail -5 "$tmp/lat_dpdk.out"
  lat "$tmp/lat_dpdk_$mode.json" "  DPDK net_pcap     (replay --speed $sp $*)"
}
lat_socket() { # MODE [options]
  local mode=$1
  shift
  local port=$((20000 + RANDOM % 20000))
  sed -e '/source_addresses/d' \
    -e "s/^input: .*/input: {udp_port: $port, driver: socket, bind: 127.0.0.1}/" \
    -e "s/^output: .*/output: {cat062_udp_port: $((port + 1)), destination: 127.0.0.1}/" \
    "$tmp/$mode.yaml" >"$tmp/sock_$mode.yaml"
  $sky run -c "$tmp/sock_$mode.yaml" --quiet --stats-json "$tmp/lat_sock_$mode.json" "$@" \
    >"$tmp/lat_sock.out" 2>&1 &
  run_pid=$!
  local hex
  hex=$(printf ':%04X ' "$port")
  for _ in $(seq 600); do grep -q "$hex" /proc/net/udp && break; sleep 0.05; done
  $sky bench tx --pcap "$cap" --udp "127.0.0.1:$port" --speed "$speed" >"$tmp/sender.out"
  sleep 0.5
  kill -INT "$run_pid"
  wait "$run_pid" || tail -5 "$tmp/lat_sock.out"
  run_pid=
  lat "$tmp/lat_sock_$mode.json" "  kernel UDP socket (run $*; bench tx --udp --speed $speed)"
  sed 's/^/    sender: /' "$tmp/sender.out"
}
echo "-- 4a. tracker passthrough (the runtime and the input path; no reorder window);"
echo "   idle lcores: the default (adaptive: yield, then sleep 50 us when lcores share"
echo "   cores) and --idle yield (never sleep)"
lat_dpdk passthrough "$speed"
lat_socket passthrough
lat_dpdk passthrough "$speed" --idle yield
lat_socket passthrough --idle yield
window=$(awk '/^ *window_s:/ {print $2}' "$tmp/baseline.yaml")
window=${window:-1.0} # config.h default
echo "-- 4b. baseline tracker, capture sped up ${base_speed}x (includes the fuse reorder window:" \
  "${window} s of measurement time = $(awk -v s="$base_speed" -v w="$window" 'BEGIN {printf "%.0f", 1000 * w / s}') ms here)"
lat_dpdk baseline "$base_speed"
