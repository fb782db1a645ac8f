// Measures how the release build in dist/ responds in Chromium, and prints one line per
// figure (it never fails on a time: the machine is shared and noisy):
//   typing <plan> longest_task_ms=<n> tasks_over_50ms=<n> by_section=…
//     the page's main-thread tasks over 50 ms (the browser's Long Tasks API) while
//     typing 20 characters, with pauses, into a text field of every section and
//     changing a number in each, until the forecast's final numbers are in;
//   sections <plan> longest_task_ms=<n> by_section=…
//     the same while opening each of those sections (its controls drawn);
//   edit <plan> first_ms=<median> final_ms=<median> runs=<n>
//     from an edit (a new seed in the Forecast section) to the preview's numbers and
//     to the final numbers;
//   share first_text_ms=<n> numbers_ms=<n> longest_task_ms=<n> total_blocking_ms=<n>
//     a share link opened in a fresh browser: when the plan's title and when its
//     headline figure paint, and the longest main-thread task until then and the total
//     blocking time (each long task's time over 50 ms, summed), unthrottled.
// <plan> is the bike shop template and the benchmark's 50-task plan (`yardstick_cli
// bench-plan`). Usage: node scripts/responsiveness.mjs (after `trunk build --release`
// and `cargo build --release --bin yardstick_cli`; YARDSTICK_CLI names another binary).
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { startServer, launch, newPage, open, settled } from "../tests/e2e/harness.mjs";

const SECTIONS = ["Overview", "Tasks", "Factors", "Team & budget", "Risks", "Value & priority", "Requirements & plan", "Forecast"];
const EDITS = 7;

const server = await startServer();
const browser = await launch();
const cli = process.env.YARDSTICK_CLI ?? "target/release/yardstick_cli";
const benchFile = join(mkdtempSync(join(tmpdir(), "yardstick-")), "bench-plan.json");
writeFileSync(benchFile, execFileSync(cli, ["bench-plan"], { encoding: "utf8" }));

/** Records every main-thread task over 50 ms in `window.__longTasks`. */
async function watchLongTasks(page) {
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) window.__longTasks.push(entry.duration);
    }).observe({ type: "longtask", buffered: true });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const section = (page, name) =>
  page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name, exact: true }).click();

/** Opens a plan: the bike shop template, or the 50-task plan imported from its file. */
async function openPlan(page, plan) {
  await open(page, server.url);
  if (plan === "bike_shop") {
    await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  } else {
    await page.locator("#import-file").setInputFiles(benchFile);
  }
  await settled(page);
}

async function typing(plan) {
  const context = await browser.newContext();
  const page = await newPage(context);
  await watchLongTasks(page);
  await openPlan(page, plan);
  await page.evaluate(() => (window.__longTasks.length = 0));
  const tasks = [];
  const bySection = [];
  const opening = [];
  const openingBySection = [];
  for (const name of SECTIONS) {
    await section(page, name);
    await page.locator("#section-title").filter({ hasText: name }).waitFor();
    await page.waitForTimeout(400);
    const opened = await page.evaluate(() => window.__longTasks.splice(0));
    openingBySection.push(`${name}:${opened.map(Math.round).join("/") || "-"}`);
    opening.push(...opened);
    const body = page.locator(".workspace__body");
    const text = body.locator('input[type="text"]:visible, textarea:visible').first();
    if (await text.count()) {
      await text.click();
      await text.press("End");
      await text.pressSequentially(" twenty characters!!", { delay: 60 });
    }
    // A number nudged up by 1% stays valid (a share, a rate, an estimate).
    const number = body.locator('input[inputmode="decimal"]:visible:not([data-path$="trials"])').first();
    if (await number.count()) {
      const value = Number((await number.inputValue()).replaceAll(",", ""));
      if (value > 0) await number.fill(String(Math.round(value * 1010) / 1000));
    }
    await page.waitForTimeout(400);
    const here = await page.evaluate(() => window.__longTasks.splice(0));
    bySection.push(`${name}:${here.map(Math.round).join("/") || "-"}`);
    tasks.push(...here);
  }
  await settled(page, ".percentile-table");
  tasks.push(...(await page.evaluate(() => window.__longTasks)));
  console.log(
    `typing ${plan} longest_task_ms=${Math.round(Math.max(0, ...tasks))} tasks_over_50ms=${tasks.length} by_section=${bySection.join(",")}`,
  );
  console.log(
    `sections ${plan} longest_task_ms=${Math.round(Math.max(0, ...opening))} by_section=${openingBySection.join(",")}`,
  );
  await context.close();
}

async function edits(plan) {
  const context = await browser.newContext();
  const page = await newPage(context);
  await openPlan(page, plan);
  await section(page, "Forecast");
  await page.locator(".percentile-table caption").waitFor();
  const first = [];
  const final = [];
  for (let i = 0; i < EDITS; i++) {
    const [f, g] = await page.evaluate(async (seed) => {
      const input = document.querySelector('[data-path="settings.seed"]');
      const trials = document.querySelector('[data-path="settings.trials"]').value.replaceAll(",", "");
      const full = `Forecast from ${Number(trials).toLocaleString("en-US")} trials`;
      const started = performance.now();
      let firstAt;
      const done = new Promise((resolve) => {
        const observer = new MutationObserver(() => {
          const caption = document.querySelector(".percentile-table caption")?.textContent;
          if (firstAt === undefined && document.querySelector(".refining")) firstAt = performance.now() - started;
          if (firstAt !== undefined && caption === full && !document.querySelector(".refining")) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, characterData: true });
      });
      input.value = String(seed);
      input.dispatchEvent(new Event("input", { bubbles: true }));
      const finalAt = await done;
      return [firstAt, finalAt];
    }, 1000 + i);
    first.push(f);
    final.push(g);
  }
  console.log(
    `edit ${plan} first_ms=${Math.round(median(first))} final_ms=${Math.round(median(final))} runs=${EDITS}`,
  );
  await context.close();
}

async function share() {
  const context = await browser.newContext();
  const page = await newPage(context);
  await openPlan(page, "bike_shop");
  await section(page, "Export");
  const link = await page.locator("#share-link").inputValue();
  await context.close();

  const fresh = await browser.newContext();
  const viewer = await newPage(fresh);
  await watchLongTasks(viewer);
  await viewer.addInitScript(() => {
    window.__paints = {};
    const look = () => {
      const now = Math.round(performance.now());
      if (document.querySelector(".report h1")) window.__paints.text ??= now;
      if (document.querySelector(".report .headline__main")) window.__paints.numbers ??= now;
    };
    document.addEventListener("DOMContentLoaded", () =>
      new MutationObserver(look).observe(document.body, { subtree: true, childList: true }),
    );
  });
  await viewer.goto(link);
  await settled(viewer, ".report .headline__main");
  const { text, numbers } = await viewer.evaluate(() => window.__paints);
  const tasks = await viewer.evaluate(() => window.__longTasks);
  const blocking = tasks.reduce((sum, d) => sum + Math.max(0, d - 50), 0);
  console.log(
    `share first_text_ms=${text} numbers_ms=${numbers} longest_task_ms=${Math.round(Math.max(0, ...tasks))} total_blocking_ms=${Math.round(blocking)}`,
  );
  await fresh.close();
}

try {
  for (const plan of ["bike_shop", "plan50"]) {
    await typing(plan);
    await edits(plan);
  }
  await share();
} finally {
  await browser.close();
  server.close();
}
