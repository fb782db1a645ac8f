#!/usr/bin/env bash
# Benchmarks the forecast engine natively and in WebAssembly in headless Chromium, both
# from the profile the engine ships with (see below), and prints one line per case:
#   bench <case> native_ms=<median> wasm_ms=<median> ratio=<wasm/native>
#
# The WebAssembly measured is what the page ships: the benchmark's binary is built with
# the engine's Cargo profile that index.html gives Trunk for the engine's worker, goes
# through wasm-opt with the level and parameters given there, then runs in Chromium.
# The native figures come from the same profile.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser >&2
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-300}"

# The engine runs in the worker: its link in index.html gives the profile and optimisation.
worker_link=$(grep 'data-bin="yardstick_worker"' index.html)
profile=$(sed -n 's/.*data-cargo-profile-release="\([^"]*\)".*/\1/p' <<< "$worker_link")
profile=${profile:-release}

native=$(cargo run --locked --quiet --profile "$profile" --bin bench_native)

built=$(cargo test --locked --profile "$profile" --target wasm32-unknown-unknown --test bench_wasm --no-run 2>&1)
binary=$(printf '%s\n' "$built" | sed -n 's/.*Executable .*(\(.*\.wasm\)).*/\1/p' | tail -n 1)
if [ -z "$binary" ]; then
  printf '%s\n' "$built" >&2
  echo "the wasm benchmark did not build" >&2
  exit 1
fi
level=$(sed -n 's/.*data-wasm-opt="\([^"]*\)".*/\1/p' <<< "$worker_link")
read -r -a params <<< "$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' <<< "$worker_link")"
shipped="${binary%.wasm}.shipped.wasm"
wasm-opt "-O${level:-s}" "${params[@]}" "$binary" -o "$shipped"
wasm=$(wasm-bindgen-test-runner "$shipped" --nocapture 2>&1 | grep -E '^bench ' || true)
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
