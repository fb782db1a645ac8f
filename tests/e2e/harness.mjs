// Shared tools for the end-to-end tests: a static server for dist/ on 127.0.0.1, a
// Chromium launched from Debian's package, pages that record every console error, page
// error, failed request and Content-Security-Policy violation, and an axe-core scan.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { join, normalize, extname, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { chromium } from "playwright-core";
import AxeBuilder from "@axe-core/playwright";
import assert from "node:assert/strict";
import { before, after } from "node:test";

export const DIST = resolve(process.env.YARDSTICK_DIST ?? "dist");

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".webmanifest": "application/manifest+json",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/**
 * Serves `root` under the path prefix `base` (e.g. "/" or "/some/sub/path/"), on `port`
 * (0 picks a free one; pass a used server's port to restart on the same origin). Every
 * request it answers with 404, from a page or a service worker, is kept in `notFound`.
 * With `gzip`, a request that accepts gzip gets its body gzipped, as a static host sends it.
 */
export async function startServer({ root = DIST, base = "/", port = 0, gzip = false } = {}) {
  root = resolve(root);
  const notFound = [];
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://127.0.0.1");
    if (!url.pathname.startsWith(base)) {
      notFound.push(url.pathname);
      res.writeHead(404).end("not found");
      return;
    }
    let rel = decodeURIComponent(url.pathname.slice(base.length)) || "index.html";
    const path = normalize(join(root, rel));
    if (!path.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(path);
      const file = info.isDirectory() ? join(path, "index.html") : path;
      const body = await readFile(file);
      const zipped = gzip && /\bgzip\b/.test(req.headers["accept-encoding"] ?? "");
      res.writeHead(200, {
        "content-type": TYPES[extname(file)] ?? "application/octet-stream",
        "cache-control": "no-cache",
        ...(zipped ? { "content-encoding": "gzip", vary: "accept-encoding" } : {}),
      });
      res.end(zipped ? gzipSync(body, { level: 9 }) : body);
    } catch {
      notFound.push(url.pathname);
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  const actual = server.address().port;
  return {
    url: `http://127.0.0.1:${actual}${base}`,
    port: actual,
    notFound,
    // Drops open keep-alive connections too, so the port is free and the page really
    // finds no server (as when a host goes away).
    close: () =>
      new Promise((ok) => {
        server.close(ok);
        server.closeAllConnections();
      }),
  };
}

/** Launches Debian's Chromium headless. */
export function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-dev-shm-usage",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      // Dates show in the browser's locale: every context that sets no `locale` of its
      // own is en-US (3/24/2028), whatever the machine's locale.
      "--lang=en-US",
    ],
  });
}

/**
 * A new page that records console errors, uncaught page errors, HTTP errors and
 * Content-Security-Policy violations in `page.problems`.
 */
export async function newPage(context) {
  const page = await context.newPage();
  page.problems = [];
  await page.exposeFunction("__reportCspViolation", (text) => page.problems.push(`CSP violation: ${text}`));
  await page.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (e) =>
      window.__reportCspViolation(`${e.effectiveDirective} blocked ${e.blockedURI}`),
    );
  });
  page.on("pageerror", (err) => page.problems.push(`page error: ${err.message}`));
  page.on("console", (msg) => {
    if (msg.type() === "error") page.problems.push(`console error: ${msg.text()}`);
  });
  page.on("response", (res) => {
    if (res.status() >= 400) page.problems.push(`HTTP ${res.status()}: ${res.url()}`);
  });
  return page;
}

/** Fails when the page logged any error. */
export function assertNoProblems(page) {
  assert.deepEqual(page.problems, [], "the page logged errors");
}

/** Opens `url` and waits until the app has mounted. */
export async function open(page, url) {
  await page.goto(url);
  await page.locator(".app-header").waitFor();
}

/**
 * Waits for the forecast's final numbers: `shown` (by default the overview's P80 finish)
 * on the page and no `.refining` note (a preview from the first trials, or a plan whose
 * numbers are still coming).
 */
export async function settled(page, shown = ".kpi-p80-finish") {
  await page.waitForFunction(
    (shown) => document.querySelector(shown) && !document.querySelector(".refining"),
    shown,
    { timeout: 20_000 },
  );
}

/** Runs axe-core on the current page and fails on any violation. */
export async function assertAccessible(page, label) {
  const results = await new AxeBuilder({ page }).analyze();
  const summary = results.violations.map(
    (v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`,
  );
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

/** Registers hooks that start a server for dist/ and a browser before the file's tests
 * and stop both after; returns an object whose `server` and `browser` they fill in. */
export function useServerAndBrowser(options) {
  const env = {};
  before(async () => {
    env.server = await startServer(options);
    env.browser = await launch();
  });
  after(async () => {
    await env.browser?.close();
    await env.server?.close();
  });
  return env;
}
