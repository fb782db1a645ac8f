// The task grid as a keyboard and a laptop screen meet it: a plan built with the keyboard
// alone in few key presses, focus that never falls to the page, a table that scrolls in
// its own box with the task names in view, and dependencies typed by name.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** The tag and accessible hint of the focused element, for messages. */
const focused = (page) =>
  page.evaluate(() => {
    const a = document.activeElement;
    return a ? `${a.tagName} ${a.id || a.textContent.trim().slice(0, 30)}` : "none";
  });

test("a keyboard-only user builds a five-task plan with dependencies in at most 60 key presses", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  await open(page, env.server.url);
  let presses = 0;
  const press = async (key, times = 1) => {
    for (let i = 0; i < times; i++) await page.keyboard.press(key);
    presses += times;
  };
  const type = async (text) => {
    await page.keyboard.type(text);
    presses += text.length;
  };
  // From the top of the start page to the new project's name.
  while ((await page.evaluate(() => document.activeElement?.id)) !== "new-project-name") {
    await press("Tab");
    assert.ok(presses < 12, `the project name is reached by Tab: ${await focused(page)}`);
  }
  await type("P");
  await press("Enter");
  await page.getByRole("heading", { name: "P", level: 1 }).waitFor();
  // A new project opens on its Tasks section, focus on the section's heading rather
  // than fallen to the page.
  await page.getByRole("heading", { name: "Tasks", level: 2 }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), "section-title", await focused(page));
  await press("Tab");
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Add task");
  await press("Enter");
  // Short names, as a quick sketch of a plan; "After" by number or by name.
  const rows = [
    ["A", "2", "3", "5", ""],
    ["B", "3", "5", "9", "1"],
    ["C", "2", "4", "8", "b"],
    ["D", "1", "2", "4", "3"],
    ["E", "2", "3", "6", "d"],
  ];
  for (const [i, [name, o, m, p, after]] of rows.entries()) {
    await page.waitForFunction((n) => document.activeElement?.id === `f-tasks-${n}-name`, i, { timeout: 5_000 });
    await type(name);
    for (const value of [o, m, p]) {
      await press("Tab");
      await type(value);
    }
    if (after) {
      await press("Tab");
      await type(after);
    }
    if (i + 1 < rows.length) await press("Enter");
  }
  console.log(`# five tasks with dependencies: ${presses} key presses`);
  assert.ok(presses <= 60, `${presses} key presses`);
  // The plan as stored: another section and back redraws the grid from it.
  const nav = page.getByRole("navigation", { name: "Project sections" });
  await nav.getByRole("link", { name: "Overview" }).click();
  await nav.getByRole("link", { name: "Tasks" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".task-table tbody tr").length === 5);
  const table = await page.locator(".task-table tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("input")].slice(0, 5).map((i) => i.value)),
  );
  assert.deepEqual(table, [
    ["A", "2", "3", "5", ""],
    ["B", "3", "5", "9", "1"],
    ["C", "2", "4", "8", "2"],
    ["D", "1", "2", "4", "3"],
    ["E", "2", "3", "6", "4"],
  ], "names were read as task numbers once the grid redrew");
  await settled(page, ".live-forecast__p80");
  assertNoProblems(page);
  await context.close();
});

test("at 1366 px the grid scrolls in its own box with the task names in view; Enter moves down a column", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Tasks" }).click();
  const box = page.locator(".table-scroll--grid");
  await box.waitFor();
  const page_scrolls = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.equal(page_scrolls, false, "the page itself does not scroll sideways");
  const name = page.getByLabel("Name of task 1", { exact: true });
  const before = await name.boundingBox();
  await box.evaluate((el) => el.scrollBy(600, 0));
  assert.ok(await box.evaluate((el) => el.scrollLeft) > 100, "the table scrolls in its box");
  const after = await name.boundingBox();
  assert.ok(Math.abs(after.x - before.x) < 2, `the name column stays put: ${before.x} → ${after.x}`);
  const distribution = page.getByLabel("Distribution of task 1", { exact: true });
  const nameBox = await name.boundingBox();
  const distributionBox = await distribution.boundingBox();
  assert.ok(distributionBox.x > nameBox.x + nameBox.width - 1, "scrolled columns pass under, not over, the name");
  // Enter moves to the same column one row down.
  await page.getByLabel("Pessimistic effort of task 2, person-days").focus();
  await page.keyboard.press("Enter");
  assert.equal(await page.evaluate(() => document.activeElement?.id), "f-tasks-2-effort-pessimistic");
  // Removing the last task leaves focus on the remove button one row up.
  const count = await page.locator(".task-table tbody tr").count();
  await page.getByRole("button", { name: `Remove task ${count}` }).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction((n) => document.querySelectorAll(".task-table tbody tr").length === n - 1, count);
  assert.equal(await page.evaluate(() => document.activeElement?.getAttribute("aria-label")), `Remove task ${count - 1}`);
  assertNoProblems(page);
  await context.close();
});

test("on a phone the section tabs are one scrolling row", async () => {
  const context = await env.browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  const tops = await page.locator(".workspace__nav a").evaluateAll((as) => new Set(as.map((a) => Math.round(a.getBoundingClientRect().top))).size);
  assert.equal(tops, 1, "every tab on one row");
  const page_scrolls = await page.evaluate(() => document.documentElement.scrollWidth > document.documentElement.clientWidth);
  assert.equal(page_scrolls, false, "the page does not scroll sideways");
  assertNoProblems(page);
  await context.close();
});
