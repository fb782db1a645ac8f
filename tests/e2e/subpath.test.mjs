// End-to-end test of hosting under a subpath: dist/ served at /some/sub/path/ loads,
// creates a project, registers its service worker there, and requests nothing outside it.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, newPage, open, assertNoProblems } from "./harness.mjs";
import { waitForController } from "./pwa.mjs";

const BASE = "/some/sub/path/";
let server;
let browser;

before(async () => {
  server = await startServer({ base: BASE });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

test("served under a subpath, the app loads, creates a project and requests no missing file", async () => {
  const context = await browser.newContext();
  const page = await newPage(context);
  await open(page, server.url);
  assert.equal(new URL(page.url()).pathname, BASE);
  await page.getByLabel("Project name").fill("Hosted in a subfolder");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("heading", { name: "Hosted in a subfolder", level: 1 }).waitFor();
  assert.match(page.url(), /\/some\/sub\/path\/#\/p\/[a-z0-9]+\/tasks$/);

  await waitForController(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, server.url);
  const manifest = await page.evaluate(() => document.querySelector('link[rel="manifest"]').href);
  assert.equal(manifest, `${server.url}manifest.webmanifest`);

  assertNoProblems(page);
  assert.deepEqual(server.notFound, [], "requests that found nothing");
  await context.close();
});
