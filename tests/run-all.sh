#!/usr/bin/env bash
# run-all.sh - build and run every test: the release build (unit,
# integration, slow), the same suite under AddressSanitizer + UBSan, and the
# libFuzzer targets for a bounded time (clang). Fails on the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
jobs=${SKY_JOBS:-2}

echo "== release build and tests"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs"
(cd build && ctest -j"$jobs" --output-on-failure)

echo "== sanitizer build (ASan + UBSan) and tests"
cmake -S . -B build-san -DCMAKE_BUILD_TYPE=Release -DSKY_SANITIZE=ON >/dev/null
cmake --build build-san -j"$jobs"
(cd build-san && ctest -j"$jobs" --output-on-failure)

echo "== fuzz targets (clang libFuzzer, bounded time)"
cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_COMPILER=clang \
      -DSKY_FUZZ=ON >/dev/null
cmake --build build-fuzz -j"$jobs" --target fuzz_all
(cd build-fuzz && ctest -j"$jobs" -L fuzz --output-on-failure)
