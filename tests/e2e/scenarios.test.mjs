// Scenarios: a what-if made from the bike shop with one click (one more data engineer)
// is forecast beside the plan on the same trials, and can be made the plan without
// losing the old one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

test("a scenario with one more data engineer shows its P80 beside the plan's, and can become the plan", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  const planP80 = await page.locator(".kpi-p80-finish").innerText();
  const nav = page.getByRole("navigation", { name: "Project sections" });
  await nav.getByRole("link", { name: "Scenarios" }).click();
  await page.getByRole("heading", { name: "Scenarios", level: 2 }).waitFor();
  await page.getByLabel("One more person in a role").selectOption({ label: "Data engineer" });
  await page.locator(".what-if", { hasText: "One more person" }).getByRole("button", { name: "Add the scenario" }).click();
  await page.getByLabel("Name of scenario 1").waitFor();
  assert.equal(await page.getByLabel("Name of scenario 1").inputValue(), "One more Data engineer");

  const table = page.getByRole("table", { name: /^The plan and its scenarios/ });
  await table.waitFor({ timeout: 60_000 });
  const rows = await table.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [tr.querySelector("th").textContent, ...[...tr.querySelectorAll("td")].map((td) => td.textContent)]),
  );
  assert.equal(rows.length, 2, JSON.stringify(rows));
  assert.equal(rows[0][0], "The plan");
  assert.equal(rows[0][2], planP80, "the plan's P80 is the Overview's");
  assert.equal(rows[1][0], "One more Data engineer");
  assert.ok(new Date(rows[1][2]) <= new Date(rows[0][2]), `one more engineer finishes no later at P80: ${rows[1][2]} vs ${rows[0][2]}`);
  console.log(`# P80 finish: plan ${rows[0][2]}, one more data engineer ${rows[1][2]}`);
  assert.equal(await page.locator(".scenario-comparison ~ .chart-grid svg, .chart-grid svg.chart--curves").count(), 2);
  await assertAccessible(page, "Scenarios with one scenario");

  // Making it the plan: the Overview shows the scenario's P80, the old plan stays.
  await page.getByRole("button", { name: "Make it the plan" }).click();
  // The worker swaps them; the name changes once its answer is in.
  await page.waitForFunction(() => document.querySelector('[data-path="scenarios[0].name"]')?.value.startsWith("Plan before"), null, { timeout: 20_000 });
  assert.equal(await page.getByLabel("Name of scenario 1").inputValue(), "Plan before “One more Data engineer”");
  await nav.getByRole("link", { name: "Overview" }).click();
  await page.waitForFunction((want) => document.querySelector(".kpi-p80-finish")?.textContent === want && !document.querySelector(".refining"), rows[1][2], { timeout: 20_000 });
  assertNoProblems(page);
  await context.close();
});
