// End-to-end tests of the engine's Web Worker: the page stays responsive while a
// 1,000,000-trial forecast runs, a superseded job never overwrites newer numbers, and a
// share link paints the plan's text before its numbers.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** A fresh page with the bike shop project open on its Forecast section. */
async function bikeShopForecast() {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  // Every main-thread task over 50 ms, from the first load on.
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(Math.round(entry.duration));
    }).observe({ type: "longtask", buffered: true });
  });
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Forecast" }).click();
  await page.locator(".percentile-table caption").waitFor();
  return { context, page };
}

const caption = (page) => page.locator(".percentile-table caption").innerText();

test("the page handles a click while a 1,000,000-trial forecast runs", async () => {
  const { context, page } = await bikeShopForecast();
  await page.evaluate(() => (window.__longTasks.length = 0));
  await page.getByLabel("Trials").fill("1000000");
  // The preview comes first, from the first 2,048 trials; the full run is still going.
  await page.locator(".refining").waitFor();
  const started = Date.now();
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Tasks" }).click();
  await page.getByRole("heading", { name: "Tasks", level: 2 }).waitFor();
  const handled = Date.now() - started;
  // Back on the Forecast section, the million trials finish (or were finished by the
  // worker meanwhile and are shown at once).
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Forecast" }).click();
  await page.waitForFunction(
    () =>
      document.querySelector(".percentile-table caption")?.textContent === "Forecast from 1,000,000 trials" &&
      !document.querySelector(".refining"),
    null,
    { timeout: 60_000 },
  );
  const run = Date.now() - started;
  const longTasks = await page.evaluate(() => window.__longTasks);
  console.log(`click handled in ${handled} ms; final numbers ${run} ms after it; main-thread tasks over 50 ms: ${JSON.stringify(longTasks)}`);
  assert.ok(handled < 1_000, `the click took ${handled} ms to be handled`);
  assert.ok(longTasks.every((ms) => ms < 200), `long main-thread tasks: ${longTasks}`);
  assertNoProblems(page);
  await context.close();
});

test("a superseded job never overwrites the newer numbers", async () => {
  const { context, page } = await bikeShopForecast();
  const trials = page.getByLabel("Trials");
  // A slow job, superseded at once by a fast one.
  await trials.fill("1000000");
  await trials.fill("3000");
  await page.waitForFunction(
    () =>
      document.querySelector(".percentile-table caption")?.textContent === "Forecast from 3,000 trials" &&
      !document.querySelector(".refining"),
    null,
    { timeout: 20_000 },
  );
  // Long enough for the million-trial job to have finished had it not been dropped.
  const seen = await page.evaluate(
    () =>
      new Promise((resolve) => {
        const captions = new Set();
        const look = () => captions.add(document.querySelector(".percentile-table caption")?.textContent);
        const observer = new MutationObserver(look);
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
        setTimeout(() => {
          observer.disconnect();
          look();
          resolve([...captions]);
        }, 4_000);
      }),
  );
  assert.deepEqual(seen, ["Forecast from 3,000 trials"]);
  assertNoProblems(page);
  await context.close();
});

test("a share link paints the plan's text before its numbers", async () => {
  const { context, page } = await bikeShopForecast();
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Export" }).click();
  const link = await page.locator("#share-link").inputValue();
  assert.ok(link.includes("#s="), link.slice(0, 60));
  await context.close();

  const fresh = await env.browser.newContext();
  const viewer = await newPage(fresh);
  // What the view shows at each change: the plan's title, and its headline figure.
  await viewer.addInitScript(() => {
    window.__states = [];
    const look = () => {
      const state = [!!document.querySelector(".report h1"), !!document.querySelector(".report .headline__main")];
      const last = window.__states.at(-1);
      if (!last || last[0] !== state[0] || last[1] !== state[1]) window.__states.push(state);
    };
    document.addEventListener("DOMContentLoaded", () =>
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true }),
    );
  });
  await open(viewer, link);
  await settled(viewer, ".report .headline__main");
  const states = await viewer.evaluate(() => window.__states);
  assert.ok(
    states.some(([title, numbers]) => title && !numbers),
    `the title came with or after the numbers: ${JSON.stringify(states)}`,
  );
  assert.deepEqual(states.at(-1), [true, true]);
  assert.equal(await viewer.getByRole("heading", { level: 1, name: "Bike shop demand forecast" }).count(), 1);
  assertNoProblems(viewer);
  await fresh.close();
});
