#!/usr/bin/env bash
# Scores the release build in dist/ with Lighthouse (mobile preset) in Debian's Chromium:
# the start page and a share link's page, one line each (tools/lighthouse/run.mjs says
# what is printed). Needs `trunk build --release` and the release yardstick_cli
# (YARDSTICK_CLI names another binary); LIGHTHOUSE_RUNS=n scores each page n times.
# Lighthouse is installed from tools/lighthouse's lockfile; CI does not run this.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -d tools/lighthouse/node_modules/lighthouse ]; then
  npm ci --prefix tools/lighthouse --no-audit --no-fund >&2
fi
exec node tools/lighthouse/run.mjs
