// End-to-end tests of the first slice: the page loads cleanly and accessibly, a new
// project can be created, and it is still there after a reload.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible } from "./harness.mjs";

const env = useServerAndBrowser();

test("the start page explains Yardstick and passes an axe scan", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("heading", { name: "Your projects" }).waitFor();
  assert.equal(await page.locator("#starting").count(), 0, "the starting message is gone");
  assert.match(await page.locator(".empty-state").innerText(), /Monte Carlo/);
  assert.match(await page.locator(".app-footer").innerText(), /Yardstick \d+\.\d+\.\d+/);
  await assertAccessible(page, "start page");
  assertNoProblems(page);
  await context.close();
});

test("a new project opens its workspace and survives a reload", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByLabel("Project name").fill("Churn model for the Q3 bid");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("heading", { name: "Churn model for the Q3 bid", level: 1 }).waitFor();
  assert.match(page.url(), /#\/p\/[a-z0-9]+\/tasks$/);
  await assertAccessible(page, "project workspace");

  await page.goto(env.server.url);
  await page.reload();
  const card = page.locator(".project-card__name", { hasText: "Churn model for the Q3 bid" });
  await card.waitFor();
  assert.equal(await card.count(), 1);
  assertNoProblems(page);
  await context.close();
});

test("an empty name is refused with a message at the field", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByText("Give the project a name.").waitFor();
  assert.equal(await page.getByLabel("Project name").getAttribute("aria-invalid"), "true");
  assert.equal(await page.locator(".project-card").count(), 0);
  assertNoProblems(page);
  await context.close();
});

test("an unknown address shows a clear message, not a blank page", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url + "#/p/missing/overview");
  await page.getByRole("heading", { name: "Project not found" }).waitFor();
  await assertAccessible(page, "missing project");
  assertNoProblems(page);
  await context.close();
});

test("a browser that cannot run the WebAssembly is told why, not shown a blank page", async () => {
  const context = await env.browser.newContext();
  const page = await context.newPage();
  // As in a browser without WebAssembly SIMD: the module never starts.
  await page.route("**/*.wasm", (route) => route.abort());
  await page.goto(env.server.url);
  const message = page.locator("#starting");
  await message.waitFor();
  await page.waitForTimeout(1000);
  assert.equal(await message.isVisible(), true);
  assert.match(await message.innerText(), /this browser cannot run it.*WebAssembly with SIMD/);
  assert.equal(await page.locator(".app-header").count(), 0);
  await context.close();
});

test("a WebAssembly trap such as running out of memory shows the panic panel with the data", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByLabel("Project name").fill("Kept through a crash");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("heading", { name: "Kept through a crash", level: 1 }).waitFor();
  // Out of memory, the allocator aborts with `unreachable`: no panic hook runs, and the
  // page only sees an uncaught WebAssembly.RuntimeError.
  await page.evaluate(() => setTimeout(() => {
    throw new WebAssembly.RuntimeError("unreachable");
  }));
  const panel = page.getByRole("alert").filter({ hasText: "Something went wrong" });
  await panel.waitFor();
  const download = panel.getByRole("link", { name: "Download my data" });
  assert.match(await download.getAttribute("href"), /^blob:/);
  // A trap in a future is an unhandled rejection; the panel is not drawn twice.
  await page.evaluate(() => {
    Promise.reject(new WebAssembly.RuntimeError("unreachable"));
  });
  await page.waitForTimeout(100);
  assert.equal(await page.locator(".panic-panel").count(), 1, "one panel");
  assert.ok(page.problems.length > 0 && page.problems.every((p) => p.includes("unreachable")), page.problems.join("\n"));
  await context.close();
});
