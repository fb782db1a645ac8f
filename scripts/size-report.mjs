// Prints the size of the built app (wasm, JS, CSS; raw and gzipped) and fails when the
// gzipped total is over the 300 KB first-load budget.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 300 * 1024;
const dir = process.argv[2] ?? "dist";
const kinds = { ".wasm": "wasm", ".js": "js", ".css": "css" };
const totals = {};
const rows = [];
for (const name of readdirSync(dir)) {
  const path = join(dir, name);
  const kind = kinds[extname(name)];
  if (!kind || !statSync(path).isFile()) continue;
  const bytes = readFileSync(path);
  const gz = gzipSync(bytes, { level: 9 }).length;
  rows.push({ name, raw: bytes.length, gz });
  totals[kind] = totals[kind] ?? { raw: 0, gz: 0 };
  totals[kind].raw += bytes.length;
  totals[kind].gz += gz;
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
for (const r of rows) console.log(`${r.name.padEnd(48)} raw ${kb(r.raw)}   gzip ${kb(r.gz)}`);
let total = 0;
for (const [kind, t] of Object.entries(totals)) {
  console.log(`size ${kind.padEnd(4)} raw ${kb(t.raw)}   gzip ${kb(t.gz)}`);
  total += t.gz;
}
console.log(`size total gzip ${kb(total)} (budget ${kb(BUDGET)})`);
if (!totals.wasm || !totals.js) {
  console.error("no wasm or js found in " + dir + ": was the build run?");
  process.exit(1);
}
if (total > BUDGET) {
  console.error(`over budget by ${kb(total - BUDGET)}`);
  process.exit(1);
}
