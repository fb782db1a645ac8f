// End-to-end tests of the Risks section: the register is a compact table whose rows open
// to each risk's form (by keyboard too, focus kept); adding a risk from the catalogue
// moves P80, adopting its mitigation shows what it is worth, and the matrix filters the
// register. Also the words and numbers of the page: dates in the browser's locale, money
// typed with separators and a currency, an empty target budget for none.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** A fresh page on the Risks section of a new bike shop project. */
async function bikeShopRisks(options = {}) {
  const context = await env.browser.newContext(options);
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  await section(page, "Risks");
  await page.locator(".risk-forecast__finish").waitFor();
  return { context, page };
}

/** Goes to a section of the open project. */
async function section(page, name) {
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name, exact: true }).click();
  await page.getByRole("heading", { name, level: 2 }).waitFor();
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

/** The form row of the register's row `i` (0-based), opened with its button. */
async function openRow(page, i) {
  const button = page.locator(".risk-row").nth(i).locator("button.disclosure");
  if ((await button.getAttribute("aria-expanded")) !== "true") await button.click();
  const form = page.locator(`#${await button.getAttribute("aria-controls")}`);
  await form.waitFor();
  return form;
}

/** The id of the element that has keyboard focus. */
const focusedId = (page) => page.evaluate(() => document.activeElement?.id ?? "");

test("adding a catalogue risk moves P80, and adopting its mitigation shows its worth", async () => {
  const { context, page } = await bikeShopRisks();
  const rows = page.locator(".risk-row");
  const count = await rows.count();
  assert.equal(count, 8, "the template's register");
  const before = await page.locator(".risk-forecast").innerText();

  await page.getByText("Add a risk from the ML risk catalogue").click();
  await page.getByRole("button", { name: "Add Labelling costs more than planned" }).click();
  await rows.nth(count).waitFor();
  const after = await changedForecast(page, before);
  assert.notEqual(after, before, "the new risk changes the P80 line");

  const added = await openRow(page, count);
  const title = await added.getByLabel("Title").inputValue();
  assert.equal(title, "Labelling costs more than planned");
  // A certain, costly version of the risk moves P80 later and costlier.
  await added.getByLabel("Probability (%)").fill("100");
  await added.getByLabel("Extra effort, best case (person-days or %)").fill("40");
  await added.getByLabel("Extra effort, most likely (person-days or %)").fill("60");
  await added.getByLabel("Extra effort, worst case (person-days or %)").fill("90");
  const certain = await changedForecast(page, after);
  const finish = (t) => Date.parse(t.match(/P80 finish (\d{1,2}\/\d{1,2}\/\d{4})/)[1]);
  assert.ok(finish(certain) > finish(before), `${certain} is later than ${before}`);

  // The worth table lists the new risk's mitigation once the comparison has run.
  const worth = page.locator(".worth-table");
  const row = worth.locator("tbody tr", { hasText: "Labelling costs more than planned" });
  await row.waitFor({ timeout: 30_000 });
  assert.match(await row.locator("td").first().innerText(), /No/);
  await added.getByLabel(/^Adopt the mitigation in the plan/).check();
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll(".worth-table tbody tr")];
    const r = rows.find((tr) => tr.textContent.includes("Labelling costs more than planned"));
    return r && r.querySelector("td").textContent === "Yes";
  }, null, { timeout: 30_000 });
  const cells = await row.locator("td").allInnerTexts();
  assert.match(cells[1], /^(\d[\d.,]* days? (sooner|later)|no change)$/, "the change of finish in words, never negative");
  assert.match(cells[4], /^(saves EUR [\d,]+|costs EUR [\d,]+ more)$/, "net worth in words, never negative");
  assert.equal(await page.locator(".worth-table").innerText().then((t) => /-\d/.test(t)), false, "no figure reads negative");
  assert.match(cells[5], /Pays for itself|Costs more than it saves/);

  // The choice survives a reload: it was saved.
  await page.reload();
  await page.locator(".risk-row").nth(count).waitFor();
  assert.match(await page.locator(".risk-row").nth(count).innerText(), /Adopted/);
  const reloaded = await openRow(page, count);
  assert.equal(await reloaded.getByLabel(/^Adopt the mitigation in the plan/).isChecked(), true);
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
  assert.equal(await page.locator(".risk-row").count(), n);
  assert.equal(await page.locator('.matrix-cell[aria-pressed="true"]').count(), 1);
  await page.getByRole("button", { name: "Show all risks" }).click();
  await page.waitForFunction(() => document.querySelectorAll(".risk-row").length === 8);
  assertNoProblems(page);
  await context.close();
});

test("a field error appears beside the risk field and the typed text stays", async () => {
  const { context, page } = await bikeShopRisks();
  const first = await openRow(page, 0);
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

test("the register is a compact table whose rows open to their form by keyboard, and an edit there moves the forecast", async () => {
  const { context, page } = await bikeShopRisks({ viewport: { width: 1366, height: 900 } });
  const rows = page.locator(".risk-row");
  assert.equal(await rows.count(), 8, "one row per risk");
  assert.equal(await page.locator(".risk-detail:not([hidden])").count(), 0, "every form closed");
  const height = await page.locator(".workspace__section").evaluate((el) => el.getBoundingClientRect().height);
  console.log(`# Risks section: ${Math.round(height)} px high at 1366 px`);
  assert.ok(height < 4000, `the section is ${height} px high (the forms made it about 8,800)`);
  const pageWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(pageWidth <= 1366, `no horizontal page scroll: ${pageWidth} px`);
  // The row says what matters: probability, impact, status, mitigation, expectations.
  const cells = await rows.first().locator("td").allInnerTexts();
  assert.equal(cells.length, 8);
  assert.match(cells[0], /^\d+%$/);

  // Keyboard: Enter opens the second row in place; focus stays on its button.
  const toggle = rows.nth(1).locator("button.disclosure");
  const toggleId = await toggle.getAttribute("id");
  await toggle.focus();
  await page.keyboard.press("Enter");
  assert.equal(await toggle.getAttribute("aria-expanded"), "true");
  const form = page.locator(`#${await toggle.getAttribute("aria-controls")}`);
  assert.equal(await form.isVisible(), true);
  assert.equal(await focusedId(page), toggleId, "focus stays on the row's button");
  await page.keyboard.press("Space");
  assert.equal(await toggle.getAttribute("aria-expanded"), "false");
  assert.equal(await form.isVisible(), false);
  await page.keyboard.press("Space");
  assert.equal(await form.isVisible(), true);

  // An edit in the form moves the forecast, and once committed the row shows it.
  const before = await page.locator(".risk-forecast").innerText();
  const probability = form.getByLabel("Probability (%)");
  await probability.fill("95");
  await form.getByLabel("Extra effort, most likely (person-days or %)").fill("80");
  await form.getByLabel("Extra effort, worst case (person-days or %)").fill("120");
  await changedForecast(page, before);
  await page.keyboard.press("Tab");
  await page.waitForFunction(() => document.querySelectorAll(".risk-row")[1].querySelector("td").textContent === "95%");
  assert.equal(await form.isVisible(), true, "the row stays open when the table is drawn anew");
  assert.notEqual(await focusedId(page), "", "focus is kept, not dropped to the page");

  // The status and the adoption box are told apart.
  await form.getByLabel("Status").selectOption("mitigated");
  await page.waitForFunction(() => document.querySelectorAll(".risk-row")[1].textContent.includes("In effect (status Mitigated)"));
  await form.getByText("its mitigation counts as adopted whether or not the box below is ticked").waitFor();

  // Adding a blank risk opens its row and focuses its title; removing it focuses a row.
  await page.getByRole("button", { name: "Add a blank risk" }).click();
  await page.waitForFunction(() => document.activeElement?.id === "f-risks-8-title");
  assert.equal(await page.locator("#f-risks-8-title").isVisible(), true);
  await page.keyboard.type("Vendor API changes");
  const remove = page.locator('[data-action="remove-risk"][data-arg="8"]');
  await remove.focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelectorAll(".risk-row").length === 8);
  assert.match(await focusedId(page), /^risk-\d+-toggle$/, "focus goes to the row above, not to the page");

  await assertAccessible(page, "risks at 1366 px, a row open");
  await page.setViewportSize({ width: 390, height: 844 });
  const narrow = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(narrow <= 390, `no horizontal page scroll at 390 px: ${narrow} px`);
  // The rows stack: each risk's figures under its name, its form as wide as the screen.
  const box = await page.locator(".risk-table").evaluate((t) => [t.scrollWidth, t.parentElement.clientWidth]);
  assert.ok(box[0] <= box[1], `the table fits its box: ${box}`);
  const label = await page.locator(".risk-row").first().locator("td").first().evaluate((td) => getComputedStyle(td, "::before").content);
  assert.equal(label, '"Probability: "', "each figure says what it is");
  const title = await page.locator("#f-risks-1-title").boundingBox();
  assert.ok(title.x >= 0 && title.x + title.width <= 390, `the open form fits the screen: ${JSON.stringify(title)}`);
  await assertAccessible(page, "risks at 390 px, a row open");
  assertNoProblems(page);
  await context.close();
});

test("a budget typed as EUR 150,000 is read as 150000, and an empty one means no target", async () => {
  const { context, page } = await bikeShopRisks();
  await section(page, "Forecast");
  const budget = page.getByLabel("Target budget (leave empty for none)");
  const unit = page.locator(".field__money", { has: budget }).locator(".field__unit");
  assert.equal(await unit.innerText(), "EUR", "the currency beside the box");
  await budget.fill("EUR 150,000");
  await page.locator("p.chart-note", { hasText: /^\d+% chance to stay within EUR 150,000\.$/ }).waitFor({ timeout: 30_000 });
  await budget.fill("150 thousand");
  await page.locator("#f-settings-target-budget-error", { hasText: "Not an amount" }).waitFor();
  assert.equal(await budget.getAttribute("aria-invalid"), "true");
  await budget.fill("");
  await page.locator("p.chart-note", { hasText: "Set a target budget to see the chance of staying within it." }).waitFor({ timeout: 30_000 });
  assert.equal(await page.locator("p.chart-note", { hasText: "chance to stay within" }).count(), 0, "the within-budget chance is gone");
  await page.reload();
  await page.getByRole("heading", { name: "Forecast", level: 2 }).waitFor();
  assert.equal(await page.getByLabel("Target budget (leave empty for none)").inputValue(), "", "none stays an empty box");
  assertNoProblems(page);
  await context.close();
});

test("dates show in the browser's locale, on the page and from the worker alike", async () => {
  const shown = {};
  for (const [locale, pattern] of [
    ["en-GB", /^(\d{2})\/(\d{2})\/(\d{4})$/],
    ["en-US", /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/],
  ]) {
    const { context, page } = await bikeShopRisks({ locale });
    const line = await page.locator(".risk-forecast__finish").innerText();
    assert.match(line, pattern, `${locale}: the worker's line`);
    await section(page, "Overview");
    const p80 = await page.locator(".kpi-p80-finish").innerText();
    assert.match(p80, pattern, `${locale}: the overview`);
    const [, a, b, y] = p80.match(pattern);
    shown[locale] = locale === "en-GB" ? `${y}-${b}-${a}` : `${y}-${a.padStart(2, "0")}-${b.padStart(2, "0")}`;
    // A date the page draws itself: the project card's last edit.
    await page.getByRole("link", { name: "Projects", exact: true }).click();
    const meta = await page.locator(".project-card__meta").first().innerText();
    assert.match(meta.split("edited ")[1], pattern, `${locale}: the start page`);
    assertNoProblems(page);
    await context.close();
  }
  assert.equal(shown["en-GB"], shown["en-US"], "the same day in both");
});
