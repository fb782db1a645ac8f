// End-to-end test of prioritisation: three projects from templates are ranked on the
// portfolio page by the same simulation, and changing one project's benefit changes
// the ranking; ideas can be added and promoted.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

const TEMPLATES = ["Bike shop demand forecast", "Customer churn prediction", "Document classification (NLP)"];

/** The names in the ranking table, best first. */
async function ranking(page) {
  const table = page.locator(".ranking-table");
  await table.waitFor({ timeout: 60_000 });
  return table.locator("tbody th").allInnerTexts();
}

test("a portfolio of three templates is ranked, and raising one project's benefit moves it up", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  for (const name of TEMPLATES) {
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
    await page.getByRole("button", { name }).click();
    await settled(page);
    if (name !== TEMPLATES[0]) continue;
    // One project: ranked, with a word on what a comparison needs instead of a lone
    // matrix cell and a bubble on both quadrant lines.
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
    assert.deepEqual(await ranking(page), [name]);
    await page.getByText("With one entry there is nothing to compare yet").waitFor();
    assert.equal(await page.locator(".beats-table, .chart--bubble").count(), 0);
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
  const before = await ranking(page);
  assert.deepEqual([...before].sort(), [...TEMPLATES].sort(), "every project is ranked once");
  assert.equal(await page.locator(".beats-table tbody tr").count(), 3);
  assert.equal(await page.locator(".chart--bubble").count(), 1);
  await assertAccessible(page, "portfolio");

  // Make the last-ranked project's benefit far larger than the others'.
  const last = before[2];
  await page.locator(".ranking-table tbody th a", { hasText: last }).click();
  await page.getByRole("heading", { name: "Value & priority", level: 2 }).waitFor();
  await page.locator(".value-npv").waitFor();
  for (const [label, value] of [
    ["Annual benefit, high", "90000000"],
    ["Annual benefit, most likely", "60000000"],
    ["Annual benefit, low", "40000000"],
  ]) {
    await page.getByLabel(label, { exact: true }).fill(value);
  }
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
  await page.waitForFunction(
    (name) => document.querySelector(".ranking-table tbody th")?.textContent.includes(name),
    last,
    { timeout: 60_000 },
  );
  const after = await ranking(page);
  assert.equal(after[0], last, `${last} now ranks first`);
  assert.notDeepEqual(after, before);
  assertNoProblems(page);
  await context.close();
});

test("an idea is ranked with the projects and can be promoted to a project", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: TEMPLATES[0] }).click();
  await settled(page);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
  await page.getByRole("button", { name: "Add an idea" }).click();
  const card = page.locator(".idea-card").first();
  await card.getByLabel("Name").fill("Invoice matching");
  await card.getByLabel("Annual benefit, low").fill("50000");
  await card.getByLabel("Annual benefit, most likely").fill("80000");
  await card.getByLabel("Annual benefit, high").fill("120000");
  await page.waitForFunction(
    () => [...document.querySelectorAll(".ranking-table tbody th")].some((th) => th.textContent.includes("Invoice matching")),
    null,
    { timeout: 60_000 },
  );
  // The idea survives a reload: it was saved.
  await page.reload();
  await page.locator(".idea-card").first().waitFor();
  assert.equal(await page.locator(".idea-card").first().getByLabel("Name").inputValue(), "Invoice matching");
  await page.getByRole("button", { name: "Promote Invoice matching to a project" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".idea-card").length === 0);
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Projects" }).click();
  await page.locator(".project-card__name", { hasText: "Invoice matching" }).waitFor();
  assertNoProblems(page);
  await context.close();
});
