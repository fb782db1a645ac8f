// End-to-end tests of sharing: a plan's link opens in a fresh browser with the same
// P80, saves as a new project and exports Markdown with the same figures; broken,
// hostile and old-format links; and the printed stakeholder view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { deflateRawSync } from "node:zlib";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** A date as the page shows it (en-US, 3/24/2028), as files write it (2028-03-24). */
const iso = (text) =>
  text.replace(/(\d{1,2})\/(\d{1,2})\/(\d{4})/g, (_, m, d, y) => `${y}-${m.padStart(2, "0")}-${d.padStart(2, "0")}`);

/** Creates the bike shop project in a fresh context; returns its headline and P80. */
async function bikeShop() {
  const context = await env.browser.newContext({ permissions: ["clipboard-read", "clipboard-write"] });
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  const headline = (await page.locator(".headline__main").innerText()).trim();
  const p80 = (await page.locator(".kpi-p80-finish").innerText()).trim();
  return { context, page, headline, p80 };
}

/** Opens the Export section and waits for the share link. */
async function exportSection(page) {
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Export" }).click();
  await page.locator("#share-link").waitFor();
}

/** The cells of the report's forecast table row named `measure`. */
async function forecastRow(page, measure) {
  const row = page.getByRole("table", { name: /^Forecast from/ }).getByRole("row", { name: new RegExp(`^${measure}`) });
  return row.locator("th, td").allInnerTexts();
}

test("a shared link opens in a fresh browser with the same P80, saves a copy and exports Markdown", async () => {
  const { context, page, headline, p80 } = await bikeShop();
  assert.match(headline, /^80% chance to finish by \d{1,2}\/\d{1,2}\/\d{4} for EUR [\d,]+ or less if the model passes the feasibility gate\.$/);
  await exportSection(page);
  const shown = await page.locator("#share-link").inputValue();
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByRole("status").filter({ hasText: "Copied." }).waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, shown, "the clipboard holds the link the page shows");
  assert.ok(link.startsWith(`${env.server.url}#s=2`), link.slice(0, 60));
  const fragment = link.slice(link.indexOf("#"));
  console.log(`bike shop share link: ${link.length} characters (fragment ${fragment.length})`);
  assert.ok(link.length <= 2000, `the whole link is ${link.length} characters`);
  assert.match(await page.locator(".share-length").innerText(), new RegExp(`${link.length.toLocaleString("en-US")} characters`));
  await assertAccessible(page, "export");
  assertNoProblems(page);

  // Someone else, with nothing stored, opens it.
  const fresh = await env.browser.newContext();
  const other = await newPage(fresh);
  await open(other, link);
  await settled(other, ".report .headline__main");
  assert.equal((await other.locator(".report .headline__main").innerText()).trim(), headline, "the same headline");
  const finish = await forecastRow(other, "Finish date");
  assert.equal(finish[4], p80, "the P80 finish date in the forecast table");
  assert.equal(await other.getByRole("heading", { level: 1, name: "Bike shop demand forecast" }).count(), 1);
  for (const name of ["Summary", "Stage plan", "Risks by exposure", "Team and budget", "Method and assumptions"]) {
    await other.getByRole("heading", { level: 2, name }).waitFor();
  }
  // The bridge from the plan to P80 follows, its steps naming the sections without links.
  const bridge = other.getByRole("table", { name: "The bridge from the sum-of-most-likely plan to P80" });
  await bridge.waitFor({ timeout: 30_000 });
  assert.ok((await bridge.locator("tbody tr").count()) >= 4, "the plan, steps and P80");
  assert.equal(await bridge.locator("a").count(), 0, "no links into a project the viewer does not hold");
  await assertAccessible(other, "stakeholder view");
  assert.equal(await other.evaluate(() => Object.keys(localStorage).length), 0, "opening a link stores nothing");

  await other.getByRole("button", { name: "Save a copy to my projects" }).click();
  await settled(other);
  assert.equal((await other.locator(".kpi-p80-finish").innerText()).trim(), p80, "the saved copy forecasts the same P80");
  await other.getByRole("link", { name: "Projects" }).click();
  const cards = other.locator(".project-card");
  await cards.first().waitFor();
  assert.equal(await cards.count(), 1);
  assert.match(await cards.first().innerText(), /Bike shop demand forecast/);

  // The copy's Markdown, downloaded.
  await cards.first().getByRole("link", { name: /Bike shop demand forecast/ }).click();
  await exportSection(other);
  await other.locator(".export__ready").waitFor({ timeout: 30_000 });
  const [download] = await Promise.all([
    other.waitForEvent("download"),
    other.getByRole("button", { name: "Download Markdown" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "bike-shop-demand-forecast.md");
  const md = readFileSync(await download.path(), "utf8");
  assert.ok(md.startsWith("# Bike shop demand forecast\n"), md.slice(0, 80));
  assert.ok(md.includes(`\n**${iso(headline)}**\n`), "the headline, with the same date (ISO in files) and cost");
  assert.match(md, /\nCounting the gate, which stops \d+% of trials, the chance of delivering by \d{4}-\d{2}-\d{2} is \d+%\.\n/);
  assert.match(md, /engine rules version 5 \(docs\/MODEL\.md\)/);
  assert.match(md, /\n\| Measure \| Mean \| P10 \| P50 \| P80 \| P90 \| P95 \| Sum of most likely \|\n\| --- \|( ---: \|){7}\n/);
  const finishRow = md.split("\n").find((l) => l.startsWith("| Finish date |"));
  assert.equal(finishRow.split(" | ")[4], iso(p80), "the P80 finish date in the Markdown table");
  assert.match(md, /\n\| Through \| Tasks \| P50 finish \| P80 finish \| P50 cost \| P80 cost \|\n/);
  assert.equal(md.split("\n").filter((l) => /^\| \d+ \| /.test(l)).length, 26, "one row per task");
  // The bridge from the plan to P80 (written in the worker), before the method.
  const bridgeRows = md.split("\n").filter((l) => l.startsWith("| ") && md.indexOf(l) > md.indexOf("## From the plan to the confidence level"));
  assert.ok(md.indexOf("## From the plan to the confidence level") < md.indexOf("## Method and assumptions"));
  assert.ok(bridgeRows.some((l) => l.startsWith("| Sum-of-most-likely plan |")), "the bridge starts at the plan");
  assert.match(md, /\n## Date and budget together\n\nThe chance of finishing by \d{4}-\d{2}-\d{2} and within EUR [\d,]+: \d+%/);
  assert.match(md, /\n## Architecture\n/);
  for (const section of ["## Summary", "## Forecast", "## Stage plan", "## Tasks", "## Risks by exposure", "## Team and budget", "## Method and assumptions"]) {
    assert.ok(md.includes(`\n${section}\n`), section);
  }
  assertNoProblems(other);
  await fresh.close();
  await context.close();
});

test("broken, hostile and unknown links show an error page, never a blank one", async () => {
  const bomb = "2" + deflateRawSync(Buffer.alloc(3 * 1024 * 1024, "\n")).toString("base64url");
  const cases = [
    ["2AAAA", /damaged/],
    ["2%%%", /not valid base64url/],
    ["9abc", /newer version of Yardstick/],
    ["", /empty/],
    [bomb, /larger than/],
    ["2" + deflateRawSync(Buffer.from("3\nname\n\n\n", "utf8")).toString("base64url"), /cannot be read/],
  ];
  const context = await env.browser.newContext();
  const page = await newPage(context);
  for (const [payload, reason] of cases) {
    await open(page, `${env.server.url}#s=${payload}`);
    await page.getByRole("heading", { level: 1, name: "This link cannot be opened" }).waitFor();
    assert.match(await page.locator(".problem").innerText(), reason, payload.slice(0, 20));
    await page.goto("about:blank");
  }
  assertNoProblems(page);
  await context.close();
});

test("a link in the first release's format still opens", async () => {
  const payload = readFileSync(new URL("../fixtures/bike-shop-v1.link", import.meta.url), "utf8").trim();
  assert.ok(payload.startsWith("1"));
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, `${env.server.url}#s=${payload}`);
  await settled(page, ".report .headline__main");
  assert.match(await page.locator(".report .headline__main").innerText(), /^80% chance to finish by/);
  assertNoProblems(page);
  await context.close();
});

test("the stakeholder view prints without navigation, buttons or dark backgrounds", async () => {
  const { context, page } = await bikeShop();
  await exportSection(page);
  const link = await page.locator("#share-link").inputValue();
  const viewer = await newPage(context);
  await open(viewer, link);
  await settled(viewer, ".report .headline__main");
  await viewer.emulateMedia({ media: "print", colorScheme: "dark" });
  const look = await viewer.evaluate(() => {
    const shown = (sel) => [...document.querySelectorAll(sel)].some((e) => getComputedStyle(e).display !== "none");
    const dark = [...document.querySelectorAll("body, main, .report, .report *")].filter((e) => {
      const m = getComputedStyle(e).backgroundColor.match(/\d+(\.\d+)?/g)?.map(Number) ?? [];
      const alpha = m.length === 4 ? m[3] : 1;
      return alpha > 0 && m.length >= 3 && m[0] + m[1] + m[2] < 600;
    });
    return {
      header: shown(".app-header"),
      buttons: shown("button"),
      report: shown(".report"),
      dark: dark.map((e) => e.tagName),
      text: getComputedStyle(document.body).color,
    };
  });
  assert.deepEqual(look, { header: false, buttons: false, report: true, dark: [], text: "rgb(0, 0, 0)" });
  for (const format of ["A4", "Letter"]) {
    const pdf = await viewer.pdf({ format, printBackground: true });
    assert.ok(pdf.length > 10_000, `${format}: ${pdf.length} bytes`);
  }
  assertNoProblems(viewer);
  await context.close();
});

test("an exported JSON file imports as a new project beside the original; a broken file is refused beside the field", async () => {
  const { context, page, p80 } = await bikeShop();
  await exportSection(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download JSON" }).click(),
  ]);
  const file = await download.path();
  await page.getByRole("link", { name: "Projects" }).click();
  await page.locator("#import-file").setInputFiles(file);
  await settled(page);
  assert.equal((await page.locator(".kpi-p80-finish").innerText()).trim(), p80, "the import forecasts the same P80");
  await page.getByRole("link", { name: "Projects" }).click();
  const cards = page.locator(".project-card");
  await cards.nth(1).waitFor();
  assert.equal(await cards.count(), 2, "the original and the imported copy");

  await page.locator("#import-file").setInputFiles({ name: "broken.json", mimeType: "application/json", buffer: Buffer.from("{\"format\":") });
  await page.locator("#import-file-error").filter({ hasText: "“broken.json” could not be imported" }).waitFor();
  assert.equal(await cards.count(), 2, "nothing was added");
  assertNoProblems(page);
  await context.close();
});
