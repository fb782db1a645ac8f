// Entering progress is quick (issue #17): a Jira export pasted into the Progress section
// is previewed (what changes, which rows match nothing, which statuses are not read)
// before anything changes, applied as one edit that Undo takes back, and shows in the
// Tasks grid; a chosen file previews the same way, and rows pasted into the Tasks
// section carry their status too.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

const JIRA = [
  "Issue key,Summary,Status,Assignee,Σ Time Spent,Resolved",
  "ML-1,Stakeholder interviews and business case,Done,Ana,144000,",
  'ML-2,"Success metrics",Closed,Ana,,',
  "ML-3,Data inventory,In Progress,Bo,28800,",
  "ML-9,Write the press release,To Do,Bo,,",
  "ML-4,Exploratory analysis of sales history,Won't Do,Bo,,",
].join("\r\n");

/** The status shown in the Tasks grid for task `n`. */
const status = (page, n) =>
  page.getByLabel(`Status of task ${n}`, { exact: true }).evaluate((s) => s.selectedOptions[0].textContent);

test("a tracker's CSV is previewed, applied as one undoable edit and shows in the Tasks grid", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  const nav = page.getByRole("navigation", { name: "Project sections" });
  await nav.getByRole("link", { name: "Progress" }).click();
  // No import before tracking: the form and its help need a status date.
  assert.equal(await page.locator("#tracker-csv").count(), 0);
  assert.equal(await page.locator(".tracker-help").isVisible(), false);
  await page.getByRole("button", { name: "Start tracking today" }).click();
  await page.locator(".tracker-help").waitFor();

  await page.getByLabel("CSV from Jira, Linear or GitHub Projects").fill(JIRA);
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  const changes = page.locator(".tracker-changes");
  await changes.waitFor();
  const rows = await changes.locator("tbody tr").evaluateAll((trs) =>
    trs.map((tr) => [...tr.children].slice(0, 4).map((c) => c.textContent)),
  );
  assert.deepEqual(rows, [
    ["2", "#1 Stakeholder interviews and business case", "Not started → Done", "— → 5 person-days"],
    ["3", "#2 Success metrics and minimum forecast accuracy", "Not started → Done", "— → 3 person-days"],
    ["4", "#3 Data inventory: sales, stock, promotions, calendar", "Not started → In progress", "— → 1 person-day"],
  ]);
  assert.match(await page.locator(".tracker-unmatched").innerText(), /Row 5: “Write the press release”: no task has this name or number/);
  assert.match(await page.locator(".tracker-unknown").innerText(), /“Won't Do” on row 6/);
  assert.match(await page.locator(".tracker-ignored").innerText(), /“Assignee”/);
  await assertAccessible(page, "Progress with the import's preview");

  // Nothing has changed yet.
  await nav.getByRole("link", { name: "Tasks" }).click();
  assert.equal(await status(page, 1), "Not started");
  await nav.getByRole("link", { name: "Progress" }).click();
  await page.getByLabel("CSV from Jira, Linear or GitHub Projects").fill(JIRA);
  await page.getByRole("button", { name: "Preview", exact: true }).click();
  await page.getByRole("button", { name: "Apply these changes" }).click();
  // Applied: the same file now changes nothing.
  await page.locator(".tracker-nothing").waitFor();

  await nav.getByRole("link", { name: "Tasks" }).click();
  assert.deepEqual(
    [await status(page, 1), await status(page, 2), await status(page, 3), await status(page, 4)],
    ["Done", "Done", "In progress", "Not started"],
  );
  assert.equal(await page.getByLabel("Actual effort of task 1 so far, person-days", { exact: true }).inputValue(), "5");
  // One edit: Undo puts every task back.
  await page.getByRole("button", { name: "Undo" }).click();
  await page.waitForFunction(() => document.querySelector("#f-tasks-0-state")?.selectedOptions[0]?.textContent === "Not started");
  assert.deepEqual([await status(page, 2), await status(page, 3)], ["Not started", "Not started"]);

  // A chosen file previews the same way.
  await nav.getByRole("link", { name: "Progress" }).click();
  await page.locator("#tracker-file").setInputFiles({
    name: "linear.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("ID,Title,Status,Estimate\nENG-1,Baseline forecasts,In Review,3\n"),
  });
  await page.locator(".tracker-changes").getByText("#9 Baseline forecasts (seasonal naive)").waitFor();

  // Rows pasted into the Tasks section may carry their progress.
  await nav.getByRole("link", { name: "Tasks" }).click();
  await page.getByText("Paste rows from a spreadsheet").click();
  await page.getByLabel("Rows to add").fill("Label images\t3\t5\t8\t\t\t\t\tDone\t6\nReview labels\t1\t2\t3\t\t\t\t\tDoing\t1");
  await page.getByRole("button", { name: "Add these tasks" }).click();
  await page.getByLabel("Status of task 28", { exact: true }).waitFor();
  assert.deepEqual([await status(page, 27), await status(page, 28)], ["Done", "In progress"]);
  // A bad row is reported with its line, and nothing is added.
  await page.getByLabel("Rows to add").fill("Fine\t1\t2\t3\nNo actual\t1\t2\t3\t\t\t\t\tDone");
  await page.getByRole("button", { name: "Add these tasks" }).click();
  await page.getByRole("alert").filter({ hasText: "line 2: a done task needs its actual effort" }).waitFor();
  assert.equal(await page.getByLabel("Status of task 29", { exact: true }).count(), 0);
  assertNoProblems(page);
  await context.close();
});
