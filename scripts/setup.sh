#!/usr/bin/env bash
# Installs what building and testing Yardstick needs, skipping whatever is already
# there at the right version. Usage: scripts/setup.sh [--browser]
#   --browser  also installs Chromium and chromedriver (Debian packages) for tests.
set -euo pipefail
cd "$(dirname "$0")/.."

TRUNK_VERSION=0.21.14
export PATH="$HOME/.cargo/bin:$PWD/node_modules/.bin:$PATH"

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

if ! trunk --version 2>/dev/null | grep -qx "trunk $TRUNK_VERSION"; then
  say "installing Trunk $TRUNK_VERSION (compiles from source, 12-25 minutes once)"
  cargo install trunk --locked --version "$TRUNK_VERSION" --no-default-features --features rustls
fi

# wasm-bindgen-cli must equal the wasm-bindgen version that Cargo.lock pins.
wb_version=$(awk '/^name = "wasm-bindgen"$/ {getline; gsub(/version = |"/, ""); print}' Cargo.lock)
if ! wasm-bindgen --version 2>/dev/null | grep -qx "wasm-bindgen $wb_version"; then
  say "installing wasm-bindgen-cli $wb_version"
  # Not --locked: its lockfile pins a crate version the registry here lacks.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# wasm-opt (npm binaryen), playwright-core and axe-core come from package-lock.json.
lock_sum=$(sha256sum package-lock.json | cut -d' ' -f1)
if [ "$(cat node_modules/.lock-sum 2>/dev/null)" != "$lock_sum" ]; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  echo "$lock_sum" > node_modules/.lock-sum
fi

if [ "${1:-}" = "--browser" ]; then
  if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    say "installing Chromium and chromedriver"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null
  fi
fi
