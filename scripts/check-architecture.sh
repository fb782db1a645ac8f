#!/usr/bin/env bash
# Fails if the pure core (model, engine, data) imports a browser or UI crate: those
# modules must build and test natively.
set -euo pipefail
cd "$(dirname "$0")/.."
pure=(src/model src/engine src/data.rs src/format.rs src/chart.rs src/paste.rs src/csv.rs src/tracker.rs src/files.rs src/files src/share.rs src/share src/html.rs src/markdown.rs src/report.rs src/form.rs src/markup src/sort.rs src/history.rs src/jobs.rs)
pattern='\b(leptos|web_sys|js_sys|gloo_storage|gloo|wasm_bindgen|reactive_stores)::'
if hits=$(grep -rnE "$pattern|use (leptos|web_sys|js_sys|gloo[a-z_]*|wasm_bindgen)\b" "${pure[@]}" 2>/dev/null); then
  echo "The pure core must not use browser or UI crates:"
  echo "$hits"
  exit 1
fi
echo "model, engine and data are free of browser and UI crates"
