#!/usr/bin/env bash
# Benchmarks the forecast engine natively and in WebAssembly in headless Chromium, both
# from the release profile, and prints one line per case:
#   bench <case> native_ms=<median> wasm_ms=<median> ratio=<wasm/native>
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser >&2
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"

native=$(cargo run --locked --quiet --release --bin bench_native)
wasm=$(cargo test --locked --release --target wasm32-unknown-unknown --test bench_wasm -- --nocapture 2>&1 | grep -E '^bench ' || true)
if [ -z "$wasm" ]; then
  echo "the wasm benchmark printed nothing" >&2
  exit 1
fi
while read -r _ name native_field; do
  native_ms=${native_field#native_ms=}
  wasm_ms=$(printf '%s\n' "$wasm" | awk -v n="$name" '$2 == n { sub("wasm_ms=", "", $3); print $3 }')
  ratio=$(awk -v w="$wasm_ms" -v n="$native_ms" 'BEGIN { printf "%.2f", w / n }')
  echo "bench $name native_ms=$native_ms wasm_ms=$wasm_ms ratio=$ratio"
done <<< "$native"
