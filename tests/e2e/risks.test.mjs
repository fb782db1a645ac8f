// End-to-end tests of the risk register: adding a risk from the catalogue moves P80,
// adopting its mitigation shows what the mitigation is worth, and the matrix filters
// the register.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** A fresh page on the Risks section of a new bike shop project. */
async function bikeShopRisks() {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Risks" }).click();
  await page.getByRole("heading", { name: "Risks", level: 2 }).waitFor();
  await page.locator(".risk-forecast__finish").waitFor();
  return { context, page };
}

/** Waits until the live forecast line differs from `before`, and returns it. */
async function changedForecast(page, before) {
  await page.waitForFunction(
    (old) => {
      const el = document.querySelector(".risk-forecast");
      return el && el.textContent !== old;
    },
    before,
    { timeout: 30_000 },
  );
  return page.locator(".risk-forecast").innerText();
}

test("adding a catalogue risk moves P80, and adopting its mitigation shows its worth", async () => {
  const { context, page } = await bikeShopRisks();
  const cards = page.locator(".risk-card");
  const count = await cards.count();
  assert.equal(count, 8, "the template's register");
  const before = await page.locator(".risk-forecast").innerText();

  await page.getByText("Add a risk from the ML risk catalogue").click();
  await page.getByRole("button", { name: "Add Labelling costs more than planned" }).click();
  await cards.nth(count).waitFor();
  const after = await changedForecast(page, before);
  assert.notEqual(after, before, "the new risk changes the P80 line");

  const added = cards.nth(count);
  const title = await added.getByLabel("Title").inputValue();
  assert.equal(title, "Labelling costs more than planned");
  // A certain, costly version of the risk moves P80 later and costlier.
  await added.getByLabel("Probability (%)").fill("100");
  await added.getByLabel("Extra effort, best case (person-days or %)").fill("40");
  await added.getByLabel("Extra effort, most likely (person-days or %)").fill("60");
  await added.getByLabel("Extra effort, worst case (person-days or %)").fill("90");
  const certain = await changedForecast(page, after);
  const finish = (t) => t.match(/P80 finish (\d{4}-\d{2}-\d{2})/)[1];
  assert.ok(finish(certain) > finish(before), `${finish(certain)} is later than ${finish(before)}`);

  // The worth table lists the new risk's mitigation once the comparison has run.
  const worth = page.locator(".worth-table");
  const row = worth.locator("tbody tr", { hasText: "Labelling costs more than planned" });
  await row.waitFor({ timeout: 30_000 });
  assert.match(await row.locator("td").first().innerText(), /No/);
  await added.getByLabel("Mitigation adopted in the plan").check();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll(".worth-table tbody tr")];
    const r = rows.find((tr) => tr.textContent.includes("Labelling costs more than planned"));
    return r && r.querySelector("td").textContent === "Yes";
  }, null, { timeout: 30_000 });
  const cells = await row.locator("td").allInnerTexts();
  assert.match(cells[1], /days/, "days saved are shown");
  assert.match(cells[4], /EUR -?[\d,]+/, "net worth in money");
  assert.match(cells[5], /Pays for itself|Costs more than it saves/);

  // The choice survives a reload: it was saved.
  await page.reload();
  await page.locator(".risk-card").nth(count).waitFor();
  assert.equal(await page.locator(".risk-card").nth(count).getByLabel("Mitigation adopted in the plan").isChecked(), true);
  await assertAccessible(page, "risks");
  assertNoProblems(page);
  await context.close();
});

test("selecting a matrix cell shows only its risks in the register", async () => {
  const { context, page } = await bikeShopRisks();
  const cell = page.locator(".matrix-cell:not([disabled])").first();
  const n = Number(await cell.innerText());
  await cell.click();
  await page.getByText("Show all risks").waitFor();
  assert.equal(await page.locator(".risk-card").count(), n);
  assert.equal(await page.locator('.matrix-cell[aria-pressed="true"]').count(), 1);
  await page.getByRole("button", { name: "Show all risks" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".risk-card").length === 8);
  assertNoProblems(page);
  await context.close();
});

test("a field error appears beside the risk field and the typed text stays", async () => {
  const { context, page } = await bikeShopRisks();
  const first = page.locator(".risk-card").first();
  const probability = first.getByLabel("Probability (%)");
  await probability.fill("150");
  await first.getByText("A probability must be between 0 and 1 (0% to 100%).").waitFor();
  assert.equal(await probability.getAttribute("aria-invalid"), "true");
  await probability.fill("abc");
  await first.getByText("This is not a number.").waitFor();
  assert.equal(await probability.inputValue(), "abc", "typing is never overwritten");
  await probability.fill("30");
  await page.waitForFunction(
    () => document.querySelector("#f-risks-0-probability").getAttribute("aria-invalid") === "false",
  );
  assert.equal(await first.locator(".field-error").filter({ hasText: /./ }).count(), 0);
  assertNoProblems(page);
  await context.close();
});
