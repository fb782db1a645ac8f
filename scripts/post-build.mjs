// Trunk's post_build hook: it owns the build-time edits that Trunk cannot make.
// 1. It minifies the app's JavaScript (wasm-bindgen's glue) and CSS with esbuild, and
//    writes their Subresource Integrity hashes into index.html anew.
// 2. It writes this build's cache name and file list into sw.js (the BUILD line).
// 3. It writes a Content-Security-Policy meta tag into index.html, allowing Trunk's
//    inline module script by its sha256 hash, forbidding form submission and
//    requiring Trusted Types.
// Builds for `trunk serve` get no policy (see below). The hook works on
// $TRUNK_STAGING_DIR, or on the directory given as its argument (the end-to-end tests
// re-run it on a modified copy of dist/), and running it twice gives the same result.
import { transformSync } from "esbuild";
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";

const dir = process.argv[2] ?? process.env.TRUNK_STAGING_DIR;
if (!dir) fail("no directory: set TRUNK_STAGING_DIR or pass one as the argument");

const SW = "sw.js";
// Trunk names hashed files like main-149eab1a2ed89887.css or name-<hash>_bg.wasm.
const HASHED = /-[0-9a-f]{12,16}(_bg)?\.[a-z0-9]+$/;

const sha256 = (data, encoding) => createHash("sha256").update(data).digest(encoding);

function fail(message) {
  console.error(`post-build: ${message}`);
  process.exit(1);
}

function filesUnder(root) {
  return readdirSync(root, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => relative(root, join(entry.parentPath ?? entry.path, entry.name)).split(sep).join("/"))
    .sort();
}

let inlineScripts = 0;

/** Puts the Content-Security-Policy meta tag first in <head>, replacing an older one. */
function writeCsp(html) {
  const inline = [...html.matchAll(/<script(?![^>]*\bsrc\s*=)[^>]*>([\s\S]*?)<\/script>/g)];
  inlineScripts = inline.length;
  const hashes = inline.map((m) => `'sha256-${sha256(m[1], "base64")}'`);
  const policy = [
    "default-src 'self'",
    ["script-src 'self' 'wasm-unsafe-eval'", ...hashes].join(" "),
    "style-src 'self'",
    "img-src 'self' data: blob:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "manifest-src 'self'",
    "worker-src 'self'",
    "form-action 'none'",
    // Markup and script addresses reach the page only through the app's policy and
    // Leptos's checked default policy (src/app/trusted.rs).
    "require-trusted-types-for 'script'",
    "trusted-types yardstick default",
  ].join("; ");
  const tag = `<meta http-equiv="Content-Security-Policy" content="${policy}" />`;
  const without = html.replace(/\s*<meta http-equiv="Content-Security-Policy"[^>]*>/g, "");
  const charset = /<meta charset="utf-8"\s*\/?>/i;
  if (!charset.test(without)) fail("index.html has no <meta charset=\"utf-8\"> to put the policy after");
  return without.replace(charset, (m) => `${m}\n    ${tag}`);
}

/**
 * The cache name: a digest of the hashed file names, plus the contents of the few files
 * that carry no hash in their name (index.html, the manifest, the icons). Any change to
 * the build therefore gives a new name, and so a new service worker.
 */
function cacheName(files) {
  const digest = createHash("sha256");
  for (const file of files) {
    digest.update(HASHED.test(file) ? file : `${file}:${sha256(readFileSync(join(dir, file)), "hex")}`);
    digest.update("\n");
  }
  return `yardstick-${digest.digest("hex").slice(0, 16)}`;
}

/**
 * Minifies the hashed .js and .css files in place (the service worker keeps its BUILD
 * line readable). Only Trunk's own run does this: minifying minified text again renames
 * its variables once more, and re-runs must give the same result.
 */
function minifyFiles() {
  for (const file of filesUnder(dir).filter((f) => HASHED.test(f))) {
    const loader = { ".js": "js", ".css": "css" }[file.slice(file.lastIndexOf("."))];
    if (!loader) continue;
    const path = join(dir, file);
    const options = loader === "js" ? { loader, minify: true, format: "esm" } : { loader, minify: true };
    writeFileSync(path, transformSync(readFileSync(path, "utf8"), options).code);
  }
}

/** The page with each `integrity` attribute recomputed from the file it names. */
function withIntegrity(html) {
  return html.replace(/href="\.\/([^"]+)"([^>]*?)integrity="sha384-[^"]*"/g, (_, file, between) => {
    const integrity = createHash("sha384").update(readFileSync(join(dir, file))).digest("base64");
    return `href="./${file}"${between}integrity="sha384-${integrity}"`;
  });
}

if (process.argv[2] === undefined) minifyFiles();
const indexPath = join(dir, "index.html");
const html = withIntegrity(readFileSync(indexPath, "utf8"));
// `trunk serve` adds an auto-reload script whose address Trunk fills in only while
// serving, so its hash cannot be known here: such development builds get no policy.
if (html.includes("{{__TRUNK_ADDRESS__}}")) {
  console.log("post-build: a `trunk serve` build, so no Content-Security-Policy is written");
  writeFileSync(indexPath, html);
} else {
  writeFileSync(indexPath, writeCsp(html));
}

const files = filesUnder(dir).filter((file) => file !== SW);
const build = { cache: cacheName(files), files };
const swPath = join(dir, SW);
const worker = readFileSync(swPath, "utf8");
const line = /^const BUILD = .*$/m;
if (!line.test(worker)) fail(`${SW} has no "const BUILD = ..." line to write`);
writeFileSync(
  swPath,
  worker.replace(line, () => `const BUILD = ${JSON.stringify(build)}; // Written by scripts/post-build.mjs.`),
);
console.log(`post-build: cache ${build.cache}, ${files.length} files to precache, ${inlineScripts} inline script(s) hashed`);
