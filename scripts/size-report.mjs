// Prints the size of the built app, raw and gzipped: what the page needs before it can
// paint (the files index.html loads: the page's wasm, its JS glue, the CSS), and beside
// it the engine's Web Worker (its wasm, glue and loader, fetched once the page runs) and
// the service worker. Fails when the first load is over the 300 KB gzipped budget.
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, extname } from "node:path";
import { gzipSync } from "node:zlib";

const BUDGET = 300 * 1024;
const dir = process.argv[2] ?? "dist";
const kinds = { ".wasm": "wasm", ".js": "js", ".css": "css" };
const group = (name) =>
  name.startsWith("yardstick_worker") ? "worker" : name === "sw.js" ? "service worker" : "first load";
const groups = {};
for (const name of readdirSync(dir).sort()) {
  const path = join(dir, name);
  const kind = kinds[extname(name)];
  if (!kind || !statSync(path).isFile()) continue;
  const bytes = readFileSync(path);
  const row = { name, kind, raw: bytes.length, gz: gzipSync(bytes, { level: 9 }).length };
  (groups[group(name)] ??= []).push(row);
}
const kb = (n) => (n / 1024).toFixed(1).padStart(8) + " KB";
const sum = (rows, key) => rows.reduce((total, r) => total + r[key], 0);
for (const [name, rows] of Object.entries(groups)) {
  for (const r of rows) console.log(`${name.padEnd(15)} ${r.name.padEnd(44)} raw ${kb(r.raw)}   gzip ${kb(r.gz)}`);
  console.log(`size ${name.padEnd(15)} raw ${kb(sum(rows, "raw"))}   gzip ${kb(sum(rows, "gz"))}`);
}
const first = groups["first load"] ?? [];
if (!first.some((r) => r.kind === "wasm") || !first.some((r) => r.kind === "js") || !groups.worker) {
  console.error("the page's wasm and js or the engine's worker are missing from " + dir + ": was the build run?");
  process.exit(1);
}
const total = sum(first, "gz");
console.log(`size first load gzip ${kb(total)} (budget ${kb(BUDGET)})`);
if (total > BUDGET) {
  console.error(`over budget by ${kb(total - BUDGET)}`);
  process.exit(1);
}
