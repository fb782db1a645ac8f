// End-to-end tests of offline use and installation: after one visit the app loads and
// works with the server stopped; a new deploy replaces the cached version on the next
// load without a blank page; the manifest makes the app installable.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { startServer, launch, newPage, open, assertNoProblems } from "./harness.mjs";
import { waitForController, pollPage, deploy, buildLabel } from "./pwa.mjs";

let browser;

before(async () => {
  browser = await launch();
});

after(async () => {
  await browser?.close();
});

async function createProject(page, name) {
  await page.getByLabel("Project name").fill(name);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("heading", { name, level: 1 }).waitFor();
}

test("after one visit the app loads and works with the server stopped", async () => {
  const server = await startServer();
  const context = await browser.newContext();
  const page = await newPage(context);
  try {
    await open(page, server.url);
    await waitForController(page);
    await server.close();

    await page.reload();
    await page.locator(".app-header").waitFor();
    await createProject(page, "Planned on a train");
    await page.goto(server.url);
    await page.reload();
    await page.locator(".project-card__name", { hasText: "Planned on a train" }).waitFor();
    assertNoProblems(page);
    assert.deepEqual(server.notFound, []);
  } finally {
    await context.close();
    await server.close();
  }
});

test("opening another file of the app, such as the manifest, leaves the offline copy of the app alone", async () => {
  const server = await startServer();
  const context = await browser.newContext();
  const page = await newPage(context);
  try {
    await open(page, server.url);
    await waitForController(page);
    // The manifest opened as a page of its own (in another tab: the browser's own
    // requests for that page are not the app's problems).
    const other = await context.newPage();
    const manifest = await other.goto(new URL("manifest.webmanifest", server.url).href);
    assert.ok(manifest.ok());
    assert.ok(JSON.parse(await manifest.text()).name.startsWith("Yardstick"));
    await other.close();
    await server.close();

    await open(page, server.url);
    assert.equal(await page.title(), "Yardstick — ML project estimates");
    assertNoProblems(page);
  } finally {
    await context.close();
    await server.close();
  }
});

test("a new deploy replaces the cached version on the next load, without a blank page", async () => {
  const [a, b] = await Promise.all([deploy("A"), deploy("B")]);
  assert.notEqual(a.cache, b.cache, "two different builds must have different cache names");
  let server = await startServer({ root: a.dir });
  const { port } = server;
  const servers = [server];
  const context = await browser.newContext();
  const page = await newPage(context);
  const cacheNames = () => caches.keys();
  try {
    await open(page, server.url);
    await waitForController(page);
    assert.equal(await buildLabel(page), "A");
    assert.deepEqual(await page.evaluate(cacheNames), [a.cache]);

    // Deploy build B on the same origin: the next load shows it, and its worker takes
    // over and deletes build A's cache.
    await server.close();
    server = await startServer({ root: b.dir, port });
    servers.push(server);
    await page.reload();
    await page.locator(".app-header").waitFor();
    assert.equal(await buildLabel(page), "B");
    await pollPage(page, cacheNames, (names) => names.length === 1 && names[0] === b.cache, `only ${b.cache}`);

    // Build B, not A, is what now works offline.
    await server.close();
    await page.reload();
    await page.locator(".app-header").waitFor();
    assert.equal(await buildLabel(page), "B");
    await createProject(page, "Made after the deploy");
    assertNoProblems(page);
    for (const s of servers) assert.deepEqual(s.notFound, []);
  } finally {
    await context.close();
    await server.close();
    await Promise.all([a.remove(), b.remove()]);
  }
});

test("the web manifest makes the app installable", async () => {
  const server = await startServer();
  const context = await browser.newContext();
  const page = await newPage(context);
  try {
    await open(page, server.url);
    await waitForController(page);
    const cdp = await context.newCDPSession(page);
    const { url, errors, data } = await cdp.send("Page.getAppManifest");
    assert.deepEqual(errors, [], "the manifest has errors");
    const manifest = JSON.parse(data);
    assert.equal(manifest.display, "standalone");
    assert.equal(url, new URL("manifest.webmanifest", server.url).href);
    // Playwright's contexts are incognito, which alone blocks installing; Chromium still
    // checks (and reports) everything else: manifest fields, icons, service worker.
    const { installabilityErrors } = await cdp.send("Page.getInstallabilityErrors");
    const blocking = installabilityErrors.filter((e) => e.errorId !== "in-incognito");
    assert.deepEqual(blocking, [], "Chromium would not offer to install the app");
    assertNoProblems(page);
  } finally {
    await context.close();
    await server.close();
  }
});
