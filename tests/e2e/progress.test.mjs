// Following the project as it runs (issue #17): the bike shop's first five tasks done at
// 40% over their most likely effort move P80 later, the track record says so, the
// forecast with it is later still, and a baseline and two recorded statuses draw the
// drift chart.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** `date` (YYYY-MM-DD) moved by `days` calendar days. */
function addDays(date, days) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

test("actuals, a status date, the track record and the drift since the baseline", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  const p80Before = await page.locator(".kpi-p80-finish").innerText();
  const nav = page.getByRole("navigation", { name: "Project sections" });

  await nav.getByRole("link", { name: "Team & budget" }).click();
  const start = await page.getByLabel("Start date").inputValue();
  await nav.getByRole("link", { name: "Progress" }).click();
  await page.getByRole("button", { name: "Start tracking today" }).click();
  const statusDate = page.getByLabel("Status date: the forecast runs from this day");
  await statusDate.fill(addDays(start, 70));

  await nav.getByRole("link", { name: "Tasks" }).click();
  for (let n = 1; n <= 5; n++) {
    const mostLikely = Number(await page.getByLabel(`Most likely effort of task ${n}, person-days`, { exact: true }).inputValue());
    await page.getByLabel(`Status of task ${n}`, { exact: true }).selectOption({ label: "Done" });
    await page.getByLabel(`Actual effort of task ${n} so far, person-days`, { exact: true }).fill(String(Math.round(mostLikely * 14) / 10));
    await page.getByLabel(`Day task ${n} finished`, { exact: true }).fill(addDays(start, 60));
  }
  await assertAccessible(page, "Tasks with progress columns");

  await nav.getByRole("link", { name: "Overview" }).click();
  await settled(page);
  const p80Tracked = await page.locator(".kpi-p80-finish").innerText();
  const day = (text) => Date.parse(text.match(/\d{1,2}\/\d{1,2}\/\d{4}/)?.[0] ?? text);
  assert.ok(day(p80Tracked) > day(p80Before), `P80 moves later: ${p80Before} → ${p80Tracked}`);

  await nav.getByRole("link", { name: "Progress" }).click();
  const sentence = page.locator(".track-record__sentence");
  await sentence.waitFor();
  const said = await sentence.innerText();
  assert.match(said, /40% high \(n = 5\)/);
  await page.getByLabel("Forecast with our track record").check();
  const compare = page.locator(".track-record__compare");
  await compare.waitFor();
  const p80 = async (row) => compare.locator("tr", { hasText: row }).locator("td").nth(1).innerText();
  const [plain, withRecord] = [await p80("Plain forecast"), await p80("With our track record")];
  assert.equal(day(plain), day(p80Tracked), "the plain forecast is the one on the Overview");
  assert.ok(day(withRecord) > day(plain), `with the track record later still: ${plain} → ${withRecord}`);

  // The buttons carry the final forecast of the status date they record.
  const ready = async (date) =>
    page.waitForFunction((date) => document.querySelector('[data-action="record"]')?.dataset.arg?.startsWith(date), date);
  await ready(addDays(start, 70));
  await page.getByRole("button", { name: "Set baseline" }).click();
  await page.getByRole("button", { name: "Record this status" }).click();
  await statusDate.fill(addDays(start, 84));
  await ready(addDays(start, 84));
  await page.getByRole("button", { name: "Record this status" }).click();
  // The baseline and both statuses, and the drift drawn through them.
  await page.waitForFunction(() => {
    const table = [...document.querySelectorAll("table")].find((t) => t.caption?.textContent === "Baseline and recorded statuses");
    return table?.querySelectorAll("tbody tr").length === 3;
  });
  const lines = await page.locator(".chart--lines").count();
  assert.equal(lines, 3, "finish and cost drift, and the burn-up");
  const points = await page.locator(".chart--lines").first().locator(".chart__series--p80 circle").count();
  assert.equal(points, 2, "one point a recorded status");
  await assertAccessible(page, "Progress with the drift chart");
  assertNoProblems(page);
  await context.close();
});
