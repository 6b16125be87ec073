#!/usr/bin/env bash
# deps.sh - install the Debian 12 packages skyfuse builds, tests and
# benchmarks with. Idempotent: silent and quick when everything is there.
set -euo pipefail
pkgs=(cmake make gcc pkg-config libdpdk-dev dpdk liburing-dev libisal-dev
      libcriterion-dev libpcap-dev libyaml-dev clang libclang-rt-14-dev tshark
      valgrind python3 iproute2)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps.sh: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
