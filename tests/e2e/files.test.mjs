// Files planners' other tools read (issue #18): the Export section downloads the tasks
// and the forecast as CSV, the plan as MS Project XML and the milestones as iCalendar;
// readers that are not Yardstick's (the browser's DOMParser, a line parser here) find
// the tasks, durations and links and a calendar that keeps RFC 5545; a chart downloads
// as a standalone SVG; the tasks' CSV and the MS Project file import into a new project
// as the same tasks, after a preview, as one undoable edit; a bad row is refused with
// its row number.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** RFC 4180 records of a CSV text (quotes, doubled quotes, line ends in quotes). */
function parseCsv(text) {
  const records = [];
  let record = [];
  let field = "";
  let quoted = false;
  text = text.replace(/^\uFEFF/, "");
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        field += c;
      }
    } else if (c === '"') {
      quoted = true;
    } else if (c === ",") {
      record.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      record.push(field);
      records.push(record);
      record = [];
      field = "";
      i++;
    } else {
      field += c;
    }
  }
  assert.equal(field + record.join(""), "", "the file ends with CRLF");
  return records;
}

/** Clicks an Export button and returns the downloaded file's name and text. */
async function download(page, name) {
  const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name, exact: true }).click()]);
  return { name: file.suggestedFilename(), path: await file.path(), text: await readFile(await file.path(), "utf8") };
}

async function bikeShopExport(context) {
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Export" }).click();
  await page.locator(".export__files-ready").waitFor();
  return page;
}

/** Opens the Tasks section's import form unless it is open. */
async function openImport(page) {
  if (!(await page.locator("#tasks-file").evaluate((d) => d.open))) {
    await page.locator("#tasks-file > summary").click();
  }
}

/** The names, estimates and "After" of the Tasks grid, row by row. */
function grid(page) {
  return page.locator(".task-table tbody tr").evaluateAll((rows) =>
    rows.map((tr) => {
      const value = (key) => tr.querySelector(`[data-path$="].${key}"]`)?.value;
      return [
        value("name"),
        value("effort.optimistic"),
        value("effort.most_likely"),
        value("effort.pessimistic"),
        value("depends_on"),
      ];
    }),
  );
}

test("every file downloads from Export, and readers that are not Yardstick's read it", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await bikeShopExport(context);
  await assertAccessible(page, "Export with the files for other tools");

  // The tasks as CSV: a header and one row per task.
  const tasks = await download(page, "Tasks (CSV)");
  assert.equal(tasks.name, "bike-shop-demand-forecast-tasks.csv");
  const rows = parseCsv(tasks.text);
  assert.deepEqual(rows[0].slice(0, 9), ["#", "Name", "Optimistic", "Most likely", "Pessimistic", "Phase", "Stage", "Role", "After"]);
  const header = rows[0];
  const col = (name) => header.indexOf(name);
  const byNumber = new Map(rows.slice(1).map((r) => [r[col("#")], r]));
  assert.ok(byNumber.size >= 20, `${byNumber.size} tasks`);

  // The forecast table and each task's figures.
  const table = parseCsv((await download(page, "Forecast table (CSV)")).text);
  assert.deepEqual(table[0], ["Through", "Measure", "Unit", "Mean", "P10", "P50", "P80", "P90", "P95"]);
  const finish = table.find((r) => r[0] === "Whole plan" && r[1] === "Finish");
  assert.match(finish[6], /^\d{4}-\d{2}-\d{2}$/);
  const perTask = parseCsv((await download(page, "Forecast per task (CSV)")).text);
  assert.equal(perTask.length, rows.length);
  assert.ok(perTask.slice(1).every((r) => r[9] <= r[10]), "P50 finish on or before P80 finish");

  // MS Project XML, read by the browser's own XML parser.
  // The app's page admits no markup through DOMParser (Trusted Types): read the files in
  // a blank page of the same browser.
  const reader = await context.newPage();
  const mspdi = await download(page, "MS Project (XML)");
  assert.equal(mspdi.name, "bike-shop-demand-forecast-project.xml");
  const read = await reader.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "application/xml");
    if (doc.getElementsByTagName("parsererror").length) return { error: doc.documentElement.textContent };
    const ns = "http://schemas.microsoft.com/project";
    const root = doc.documentElement;
    const child = (el, name) => [...el.children].find((c) => c.localName === name && c.namespaceURI === ns)?.textContent;
    const fields = new Map(
      [...root.getElementsByTagNameNS(ns, "ExtendedAttributes")[0].children].map((a) => [child(a, "FieldID"), child(a, "Alias")]),
    );
    const tasks = [...root.getElementsByTagNameNS(ns, "Task")]
      .filter((t) => child(t, "Summary") === "0" && child(t, "Milestone") === "0")
      .map((t) => ({
        uid: child(t, "UID"),
        name: child(t, "Name"),
        start: child(t, "Start"),
        finish: child(t, "Finish"),
        duration: child(t, "Duration"),
        deadline: child(t, "Deadline"),
        predecessors: [...t.children].filter((c) => c.localName === "PredecessorLink").map((l) => [child(l, "PredecessorUID"), child(l, "Type")]),
        custom: Object.fromEntries(
          [...t.children].filter((c) => c.localName === "ExtendedAttribute").map((a) => [fields.get(child(a, "FieldID")), child(a, "Value")]),
        ),
      }));
    return { root: root.localName, namespace: root.namespaceURI, tasks };
  }, mspdi.text);
  assert.equal(read.error, undefined, read.error);
  assert.equal(read.root, "Project");
  assert.equal(read.namespace, "http://schemas.microsoft.com/project");
  assert.equal(read.tasks.length, byNumber.size);
  const hours = (pt) => {
    const [, h, m, s] = pt.match(/^PT(\d+)H(\d+)M([\d.]+)S$/);
    return Number(h) + Number(m) / 60 + Number(s) / 3600;
  };
  for (const t of read.tasks) {
    const row = byNumber.get(t.uid);
    assert.ok(row, `task UID ${t.uid} is task #${t.uid} of the CSV`);
    assert.equal(t.name, row[col("Name")]);
    // The three-point estimate in MS Project's PERT durations, 8 hours a day.
    assert.equal(hours(t.custom["Optimistic Duration"]), 8 * Number(row[col("Optimistic")]));
    assert.equal(hours(t.custom["Expected Duration"]), 8 * Number(row[col("Most likely")]));
    assert.equal(hours(t.custom["Pessimistic Duration"]), 8 * Number(row[col("Pessimistic")]));
    // The duration spans the P50 dates; the deadline is the P80 finish.
    assert.ok(hours(t.duration) >= 0 && t.start <= t.finish, `${t.start} ${t.finish}`);
    assert.ok(t.deadline.slice(0, 10) >= t.finish.slice(0, 10));
    // Finish-to-start links to the tasks the CSV's "After" names.
    const after = row[col("After")] ? row[col("After")].split(", ") : [];
    assert.deepEqual(t.predecessors, after.map((n) => [n, "1"]));
  }
  assert.ok(read.tasks.some((t) => t.predecessors.length > 0));

  // The calendar: a strict line reader.
  const ics = await download(page, "Milestones (iCalendar)");
  assert.equal(ics.name, "bike-shop-demand-forecast-milestones.ics");
  assert.ok(ics.text.endsWith("\r\n"));
  const physical = ics.text.slice(0, -2).split("\r\n");
  for (const line of physical) {
    assert.ok(!/[\r\n]/.test(line), "no bare line ends");
    assert.ok(Buffer.byteLength(line) <= 75, `${Buffer.byteLength(line)} octets`);
  }
  const lines = ics.text.replace(/\r\n /g, "").slice(0, -2).split("\r\n");
  const stack = [];
  const events = [];
  for (const line of lines) {
    const [, name, params, value] = line.match(/^([A-Z-]+)((?:;[^:]*)?):(.*)$/) ?? assert.fail(`not a content line: ${line}`);
    if (name === "BEGIN") {
      stack.push(value);
      if (value === "VEVENT") events.push({});
    } else if (name === "END") {
      assert.equal(stack.pop(), value);
    } else if (stack.at(-1) === "VEVENT") {
      events.at(-1)[name] = { params, value };
    }
  }
  assert.deepEqual(stack, []);
  assert.equal(lines[0], "BEGIN:VCALENDAR");
  assert.ok(lines.includes("VERSION:2.0"));
  assert.ok(events.length >= 2 && events.length % 2 === 0);
  for (const e of events) {
    assert.match(e.UID.value, /^yardstick-.+@yardstick$/);
    assert.match(e.DTSTAMP.value, /^\d{8}T\d{6}Z$/);
    assert.equal(e.DTSTART.params, ";VALUE=DATE");
    assert.match(e.DTSTART.value, /^\d{8}$/);
    assert.match(e.SUMMARY.value, /\((P50|P80)\)$/);
  }
  assert.equal(new Set(events.map((e) => e.UID.value)).size, events.length);

  // A chart as a standalone SVG.
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Forecast" }).click();
  await settled(page, ".chart");
  const button = page.getByRole("button", { name: /^Download the chart as SVG/ }).first();
  const [svgFile] = await Promise.all([page.waitForEvent("download"), button.click()]);
  assert.match(svgFile.suggestedFilename(), /\.svg$/);
  const svg = await readFile(await svgFile.path(), "utf8");
  const parsed = await reader.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    const root = doc.documentElement;
    return {
      error: doc.getElementsByTagName("parsererror").length > 0,
      root: root.localName,
      namespace: root.namespaceURI,
      style: root.querySelector("style")?.textContent ?? "",
      title: root.querySelector("title")?.textContent ?? "",
    };
  }, svg);
  assert.deepEqual([parsed.error, parsed.root, parsed.namespace], [false, "svg", "http://www.w3.org/2000/svg"]);
  assert.match(parsed.style, /\.chart__bars rect\{fill:#1f5fbf\}/);
  assert.ok(parsed.title.length > 0);
  await assertAccessible(page, "Forecast with the charts' SVG buttons");
  assertNoProblems(page);
  await context.close();
});

test("the tasks' CSV and the MS Project file import into a new project as the same tasks", async () => {
  const context = await env.browser.newContext({ viewport: { width: 1366, height: 900 } });
  const page = await bikeShopExport(context);
  const csv = await download(page, "Tasks (CSV)");
  const xml = await download(page, "MS Project (XML)");
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name: "Tasks" }).click();
  const original = await grid(page);

  for (const [file, name] of [[csv, "From CSV"], [xml, "From MS Project"]]) {
    await page.getByRole("link", { name: "Projects" }).click();
    await page.getByLabel("Project name").fill(name);
    await page.getByRole("button", { name: "Create project" }).click();
    await page.getByText("No tasks yet").waitFor();
    await openImport(page);
    await page.getByLabel("CSV or MS Project XML file").setInputFiles(file.path);
    // A preview first: every task to be added, nothing changed yet.
    const changes = page.locator(".file-changes");
    await changes.waitFor();
    assert.equal(await changes.locator("tbody tr").count(), original.length);
    assert.equal(await changes.locator("tbody tr", { hasText: "Added" }).count(), original.length);
    assert.equal(await page.locator(".task-table").count(), 0);
    await assertAccessible(page, `Tasks with the preview of an import (${name})`);
    await page.getByRole("button", { name: "Apply the import" }).click();
    await page.locator(".task-table").waitFor();
    assert.deepEqual(await grid(page), original, name);
    // One edit: Undo takes every task away again.
    await page.getByRole("button", { name: "Undo" }).click();
    await page.getByText("No tasks yet").waitFor();
    await page.getByRole("button", { name: "Redo" }).click();
    await page.locator(".task-table").waitFor();
    assert.deepEqual(await grid(page), original, name);
  }

  // A bad row is refused with its row number, and nothing is imported.
  await openImport(page);
  await page.getByLabel("CSV or MS Project XML file").setInputFiles({
    name: "bad.csv",
    mimeType: "text/csv",
    buffer: Buffer.from("Name,Optimistic,Most likely,Pessimistic,After\r\nFine,1,2,3,\r\nBackwards,5,2,1,\r\nLost,1,2,3,99\r\n"),
  });
  const alert = page.getByRole("alert").filter({ hasText: "Nothing was imported" });
  await alert.waitFor();
  const text = await alert.innerText();
  assert.match(text, /Row 3: efforts must be in order/);
  assert.match(text, /Row 4: no task of the file is numbered 99/);
  assert.equal(await page.getByRole("button", { name: "Apply the import" }).count(), 0);
  assert.equal((await grid(page)).length, original.length);
  assertNoProblems(page);
  await context.close();
});
