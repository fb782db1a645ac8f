#!/usr/bin/env bash
# Runs every check Yardstick has, installing missing tools first; exits non-zero if any
# check fails. This is the project's test command (README.md) and what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --browser
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-120}"
# CI builds everything once, on a disk it may share: no incremental caches, and the
# native debug build goes once its tests have run (free_native_debug below).
if [ -n "${CI:-}" ]; then
  export CARGO_INCREMENTAL=0
fi
free_native_debug() {
  if [ -n "${CI:-}" ]; then
    rm -rf target/debug
  fi
}

passed=0
step() {
  local name=$1
  shift
  printf '\n\033[1m== %s\033[0m\n' "$name"
  local started=$SECONDS
  "$@"
  passed=$((passed + 1))
  printf '\033[1m== %s: ok (%ss)\033[0m\n' "$name" "$((SECONDS - started))"
}

step "pure core has no browser imports" scripts/check-architecture.sh
step "format" cargo fmt --all --check
step "clippy (native)" cargo clippy --locked --all-targets -- -D warnings
step "clippy (wasm32)" cargo clippy --locked --all-targets --target wasm32-unknown-unknown -- -D warnings
step "native tests" cargo test --locked
free_native_debug
step "browser tests (wasm-bindgen-test, headless Chromium)" \
  cargo test --locked --target wasm32-unknown-unknown --test browser
step "release build (trunk)" trunk build --release --offline
step "size budget" node scripts/size-report.mjs dist
step "native command for the end-to-end comparison" cargo build --locked --release --bin yardstick_cli
step "end-to-end tests (Playwright, Chromium)" node --test --test-concurrency=1 tests/e2e/

printf '\nchecks: %d passed, 0 failed\n' "$passed"
