// End-to-end tests of the estimation workflow: the bike shop template gives a full
// forecast, editing an estimate moves P80, and the page shows the same numbers as the
// native command for the same plan and seed.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** Opens a fresh page and creates the bike shop project from its template. */
async function bikeShop() {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  return { context, page };
}

/** The text of every cell of the percentile table, row by row. */
async function percentileTable(page) {
  const table = page.locator(".percentile-table");
  await table.waitFor();
  return table.locator("tbody tr").evaluateAll((rows) =>
    rows.map((r) => [...r.querySelectorAll("th, td")].map((c) => c.textContent.trim())),
  );
}

test("the bike shop template opens with a full forecast on every section", async () => {
  const { context, page } = await bikeShop();
  const headline = await page.locator(".headline__main").innerText();
  assert.match(headline, /80% chance to finish by \d{1,2}\/\d{1,2}\/\d{4} for EUR [\d,]+ or less if the model passes the feasibility gate\./);
  // The headline counts the feasibility gate: the chance of delivering by that date.
  const date = headline.match(/\d{1,2}\/\d{1,2}\/\d{4}/)[0];
  const gate = await page.locator(".headline__gate").innerText();
  const counted = gate.match(/^Counting the gate, which stops (\d+)% of trials, the chance of delivering by (\S+) is (\d+)%\.$/);
  assert.ok(counted, gate);
  assert.equal(counted[2], date);
  assert.ok(Number(counted[3]) < 80 && Number(counted[3]) > 50, gate);
  assert.match(await page.locator(".headline__plan").innerText(), /sum-of-most-likely plan says/);
  const risks = page.getByRole("table", { name: "Risks included in the forecast, by expected cost" });
  assert.equal(await risks.locator("tbody tr").count(), 8, "the template's eight risks are listed");
  await assertAccessible(page, "overview");
  for (const name of ["Tasks", "Factors", "Team & budget", "Forecast"]) {
    await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name }).click();
    await page.getByRole("heading", { name, level: 2 }).waitFor();
    if (name === "Forecast") await page.locator(".chart-box svg").first().waitFor();
    if (name === "Factors") await page.locator(".factor__impact", { hasText: "Adds" }).first().waitFor();
    await assertAccessible(page, name);
  }
  assert.equal(await page.locator(".chart-box svg").count(), 8, "four distributions, two tornadoes, one Gantt, the joint scatter");
  // The schedule reads in dates: the Gantt's axis names months, its milestones are lines,
  // and each milestone's P50 and P80 dates are listed.
  const axis = await page.locator("svg.chart--gantt .chart__axis text").evaluateAll((ts) => ts.map((t) => t.textContent));
  const months = axis.filter((t) => /^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)( \d{4})?$/.test(t));
  assert.ok(months.length >= 3, `month ticks on the Gantt: ${axis.join(" | ")}`);
  assert.ok(/\d{4}$/.test(months[0]), `the first tick carries its year: ${months[0]}`);
  assert.ok(!axis.includes("working days from start"), axis.join(" | "));
  assert.ok((await page.locator("svg.chart--gantt .chart__marker--milestone").count()) >= 1, "milestones drawn");
  const milestones = page.getByRole("table", { name: "Milestones: the end of their stage" });
  const first = await milestones.locator("tbody tr").first().locator("td").allInnerTexts();
  assert.match(first[1], /^\d{1,2}\/\d{1,2}\/\d{4}$/, "a P50 date in the browser's (en-US) format");
  assert.ok(new Date(first[2]) >= new Date(first[1]), `P80 ${first[2]} no earlier than P50 ${first[1]}`);
  assertNoProblems(page);
  await context.close();
});

test("raising one task's pessimistic estimate moves P80 later and makes it costlier", async () => {
  const { context, page } = await bikeShop();
  const before = await page.locator(".kpi-p80-finish").innerText();
  const costBefore = await page.locator(".kpi-p80-cost").innerText();
  await page.getByRole("link", { name: "Tasks" }).click();
  const field = page.getByLabel("Pessimistic effort of task 10, person-days");
  await field.fill("200");
  await page.getByRole("link", { name: "Overview" }).click();
  await page.waitForFunction(
    (old) => {
      const shown = document.querySelector(".kpi-p80-finish");
      return shown && shown.textContent !== old && !document.querySelector(".refining");
    },
    before,
    { timeout: 10_000 },
  );
  const after = await page.locator(".kpi-p80-finish").innerText();
  assert.ok(Date.parse(after) > Date.parse(before), `P80 finish moved from ${before} to ${after}`);
  const costAfter = await page.locator(".kpi-p80-cost").innerText();
  const money = (s) => Number(s.replace(/[^\d]/g, ""));
  assert.ok(money(costAfter) > money(costBefore), `P80 cost ${costBefore} → ${costAfter}`);

  await page.reload();
  await page.getByRole("link", { name: "Tasks" }).click();
  assert.equal(await page.getByLabel("Pessimistic effort of task 10, person-days").inputValue(), "200", "the edit was saved");
  assertNoProblems(page);
  await context.close();
});

test("an invalid estimate is flagged at its field and the forecast says what to fix", async () => {
  const { context, page } = await bikeShop();
  await page.getByRole("link", { name: "Tasks" }).click();
  const optimistic = page.getByLabel("Optimistic effort of task 3, person-days");
  await optimistic.fill("50");
  await page.waitForFunction((el) => el.getAttribute("aria-invalid") === "true", await optimistic.elementHandle());
  await page.getByText("The optimistic value must not be more than the most likely value.").waitFor();
  await optimistic.fill("abc");
  await page.getByText("This is not a number.").waitFor();
  await page.getByRole("link", { name: "Overview" }).click();
  await page.getByText("The forecast needs a few fixes").waitFor();
  assert.match(await page.locator(".callout--error").innerText(), /tasks\[2\]\.effort/);
  assertNoProblems(page);
  await context.close();
});

test("the page shows the same numbers as the native command for the same plan and seed", async () => {
  const { context, page } = await bikeShop();
  // Export the project exactly as the page stored it.
  const stored = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("yardstick:project:"));
    return localStorage.getItem(key);
  });
  const dir = mkdtempSync(join(tmpdir(), "yardstick-"));
  const file = join(dir, "bike.json");
  writeFileSync(file, stored);
  const cli = process.env.YARDSTICK_CLI ?? "target/release/yardstick_cli";
  const native = JSON.parse(execFileSync(cli, ["forecast", file], { encoding: "utf8" }));

  await page.getByRole("link", { name: "Forecast" }).click();
  const rows = await percentileTable(page);
  const group = (n) => Math.round(n).toLocaleString("en-US");
  const pick = (s) => [s.mean, s.p10, s.p50, s.p80, s.p90, s.p95];
  assert.deepEqual(rows[0].slice(1, 7), pick(native.effort).map(group), "effort");
  assert.deepEqual(rows[1].slice(1, 7), pick(native.duration).map(group), "duration");
  // The page shows dates in its locale (en-US here), the command ISO dates.
  const us = (iso) => {
    const [y, m, d] = iso.split("-").map(Number);
    return `${m}/${d}/${y}`;
  };
  assert.deepEqual(rows[2].slice(1, 7), pick(native.finish).map(us), "finish dates");
  assert.deepEqual(rows[3].slice(1, 7), pick(native.cost).map(group), "cost");
  assertNoProblems(page);
  await context.close();
});

test("the Overview explains P80 with a bridge from the plan, and Forecast shows date and budget together", async () => {
  const { context, page } = await bikeShop();
  const bridge = page.getByRole("table", { name: "The bridge from the sum-of-most-likely plan to P80" });
  await bridge.waitFor({ timeout: 30_000 });
  const rows = await bridge.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.querySelectorAll("th, td")].map((c) => c.textContent.trim())),
  );
  const number = (text) => Number(text.replace(/[^\d.−-]/g, "").replace("−", "-"));
  const plan = number(rows[0][1]);
  const total = number(rows.at(-1)[1]);
  const steps = rows.slice(1, -1).reduce((sum, r) => sum + number(r[1]), 0);
  assert.ok(rows.length > 4, "the plan, several steps and P80");
  assert.ok(Math.abs(plan + steps - total) <= rows.length * 0.05 + 0.5, `${plan} + ${steps} ≈ ${total}`);
  // The total is the headline's: P80 duration against the plan's, in money too.
  const headlineCost = await page.locator(".headline__cost").innerText();
  assert.equal(rows.at(-1)[2], headlineCost);
  assert.equal(await page.locator(".chart--waterfall").count(), 2);
  // A step's link opens the section that sets it.
  await bridge.getByRole("link", { name: "Factors" }).first().click();
  await page.getByRole("heading", { name: "Factors", level: 2 }).waitFor();
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Forecast" }).click();
  const joint = page.locator(".joint__probability");
  await joint.waitFor({ timeout: 30_000 });
  const shares = (await joint.innerText()).match(/(\d+)%/g).map((s) => Number(s.slice(0, -1)));
  assert.equal(shares.length, 3, await joint.innerText());
  assert.ok(shares[0] <= Math.min(shares[1], shares[2]), `joint ${shares[0]}% never exceeds either alone`);
  assert.ok((await page.locator(".chart--scatter circle").count()) > 100, "the trials are drawn");
  await page.locator(".chart--scatter .chart__target").waitFor();
  await assertAccessible(page, "Forecast with the joint confidence");
  assertNoProblems(page);
  await context.close();
});
