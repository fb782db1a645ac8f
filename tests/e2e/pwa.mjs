// Helpers for the service-worker tests: waiting until a worker controls the page, and
// making "deploys" (modified copies of dist/) that differ the way two real builds do.
import { cp, mkdtemp, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DIST } from "./harness.mjs";

const POST_BUILD = fileURLToPath(new URL("../../scripts/post-build.mjs", import.meta.url));

/** Waits until the service worker is active and controls `page`, reloading if need be. */
export async function waitForController(page) {
  await page.evaluate(() => navigator.serviceWorker.ready);
  for (let attempt = 0; attempt < 10; attempt++) {
    if (await page.evaluate(() => navigator.serviceWorker.controller !== null)) return;
    await page.reload();
    await page.locator(".app-header").waitFor();
  }
  throw new Error("no service worker took control of the page");
}

/** Runs `fn` in the page every 100 ms until `accept` takes its result; fails after 10 s. */
export async function pollPage(page, fn, accept, what) {
  let last;
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; ) {
    last = await page.evaluate(fn);
    if (accept(last)) return last;
    await new Promise((ok) => setTimeout(ok, 100));
  }
  throw new Error(`timed out waiting for ${what}; last value: ${JSON.stringify(last)}`);
}

/** The build label a deploy made by `deploy` shows (an empty string for dist/ itself). */
export function buildLabel(page) {
  return page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue("--yardstick-build").trim(),
  );
}

/**
 * Copies dist/ to a temporary directory and gives its stylesheet a CSS variable naming
 * `label`, under a new hashed file name, as a new build would. The post_build hook is
 * then re-run, so index.html, the Content-Security-Policy and the service worker's cache
 * name and file list are those of the new build. Returns the directory and cache name.
 */
export async function deploy(label) {
  const dir = await mkdtemp(join(tmpdir(), `yardstick-deploy-${label}-`));
  await cp(DIST, dir, { recursive: true });
  const css = (await readdir(dir)).find((name) => /^main-[0-9a-f]{12,16}\.css$/.test(name));
  if (!css) throw new Error("dist/ has no hashed stylesheet");
  const body = (await readFile(join(dir, css), "utf8")) + `\n:root { --yardstick-build: ${label}; }\n`;
  const renamed = `main-${createHash("sha256").update(body).digest("hex").slice(0, 16)}.css`;
  await writeFile(join(dir, css), body);
  await rename(join(dir, css), join(dir, renamed));
  const integrity = `sha384-${createHash("sha384").update(body).digest("base64")}`;
  const indexPath = join(dir, "index.html");
  const index = await readFile(indexPath, "utf8");
  const link = new RegExp(`href="\\./${css}" integrity="[^"]*"`);
  if (!link.test(index)) throw new Error("index.html does not link the stylesheet as expected");
  await writeFile(indexPath, index.replace(link, `href="./${renamed}" integrity="${integrity}"`));
  await promisify(execFile)("node", [POST_BUILD, dir]);
  const worker = await readFile(join(dir, "sw.js"), "utf8");
  const cache = worker.match(/"cache":"(yardstick-[0-9a-f]+)"/)?.[1];
  if (!cache) throw new Error("the post_build hook wrote no cache name");
  return { dir, cache, remove: () => rm(dir, { recursive: true, force: true }) };
}
