// End-to-end tests of storage that never loses work: undo and redo of edits (buttons
// and keys), every edit stored before the page can be left, data from a newer version
// opened read-only, persistent storage asked for once after the first save, and the
// exports that still carry the work out when storage is full or unavailable.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { useServerAndBrowser, newPage, open, assertNoProblems, settled } from "./harness.mjs";

const env = useServerAndBrowser();

/** A fresh page with the bike shop project open on its overview. */
async function bikeShop(context) {
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  return page;
}

/** Waits until the P80 finish on the overview reads something other than `old`. */
async function p80Changes(page, old) {
  await page.waitForFunction(
    (old) => {
      const shown = document.querySelector(".kpi-p80-finish");
      return shown && shown.textContent !== old && !document.querySelector(".refining");
    },
    old,
    { timeout: 10_000 },
  );
  return page.locator(".kpi-p80-finish").innerText();
}

const section = (page, name) =>
  page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name }).click();

test("an edit is undone and redone, with its forecast", async () => {
  const context = await env.browser.newContext();
  const page = await bikeShop(context);
  const undo = page.getByRole("button", { name: "Undo", exact: true });
  const redo = page.getByRole("button", { name: "Redo", exact: true });
  assert.ok(await undo.isDisabled(), "nothing to undo yet");
  assert.ok(await redo.isDisabled(), "nothing to redo yet");
  const before = await page.locator(".kpi-p80-finish").innerText();

  await section(page, "Tasks");
  const field = page.getByLabel("Pessimistic effort of task 10, person-days");
  const original = await field.inputValue();
  await field.fill("200");
  await section(page, "Overview");
  const raised = await p80Changes(page, before);
  assert.ok(Date.parse(raised) > Date.parse(before), `P80 moved from ${before} to ${raised}`);

  await undo.click();
  assert.equal(await p80Changes(page, raised), before, "undo brings back the old P80");
  assert.ok(await undo.isDisabled());
  await section(page, "Tasks");
  assert.equal(await field.inputValue(), original, "undo brings back the old value");

  // Ctrl+Shift+Z outside a text field redoes.
  await page.getByRole("heading", { name: "Tasks", level: 2 }).click();
  await page.keyboard.press("Control+Shift+Z");
  assert.equal(await field.inputValue(), "200");
  assert.ok(await redo.isDisabled());
  await section(page, "Overview");
  assert.equal(await p80Changes(page, before), raised, "redo brings back the new P80");

  // Ctrl+Z undoes too, and what it restores is what is stored.
  await page.keyboard.press("Control+Z");
  assert.equal(await p80Changes(page, raised), before);
  await page.reload();
  await section(page, "Tasks");
  assert.equal(await field.inputValue(), original, "the undone value is the stored one");
  assertNoProblems(page);
  await context.close();
});

test("Ctrl+Z inside a text field is left to the browser's own text undo", async () => {
  const context = await env.browser.newContext();
  const page = await bikeShop(context);
  await section(page, "Tasks");
  const name = page.getByLabel("Name of task 1", { exact: true });
  await name.fill("Renamed");
  // Listening after the app, on the same target, shows whether the app took the keys.
  await page.evaluate(() => {
    window.__prevented = [];
    window.addEventListener("keydown", (e) => e.key.toLowerCase() === "z" && window.__prevented.push(e.defaultPrevented));
  });
  await name.press("Control+Z");
  assert.deepEqual(await page.evaluate(() => window.__prevented), [false], "the app left the key alone");
  assert.ok(await page.getByRole("button", { name: "Redo", exact: true }).isDisabled(), "the app undid nothing");

  await page.getByRole("heading", { name: "Tasks", level: 2 }).click();
  await page.keyboard.press("Control+Z");
  assert.deepEqual(await page.evaluate(() => window.__prevented), [false, true], "outside a field the app undoes");
  await page.getByRole("button", { name: "Redo", exact: true }).waitFor({ state: "visible" });
  assert.ok(await page.getByRole("button", { name: "Redo", exact: true }).isEnabled());
  assertNoProblems(page);
  await context.close();
});

test("every edit is stored at once, so leaving the page loses nothing", async () => {
  const context = await env.browser.newContext();
  const page = await bikeShop(context);
  await section(page, "Tasks");
  const label = "Name of task 3";
  await page.getByLabel(label, { exact: true }).waitFor();
  // Type and read storage in the same task: nothing waits for a timer or for pagehide.
  const stored = await page.evaluate((label) => {
    const id = [...document.querySelectorAll("label")].find((l) => l.textContent === label).htmlFor;
    const input = document.getElementById(id);
    input.value = "Typed just before closing";
    input.dispatchEvent(new Event("input", { bubbles: true }));
    const key = Object.keys(localStorage).find((k) => k.startsWith("yardstick:project:"));
    return localStorage.getItem(key);
  }, label);
  assert.match(stored, /Typed just before closing/);
  const url = page.url();
  await page.close({ runBeforeUnload: true });

  const again = await newPage(context);
  await open(again, url);
  assert.equal(await again.getByLabel(label, { exact: true }).inputValue(), "Typed just before closing");
  assertNoProblems(again);
  await context.close();
});

test("a project saved by a newer version opens read-only and is never written", async () => {
  const context = await env.browser.newContext();
  const page = await bikeShop(context);
  const url = page.url().replace(/overview$/, "tasks");
  const newer = await page.evaluate(() => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("yardstick:project:"));
    const doc = JSON.parse(localStorage.getItem(key));
    doc.version += 1;
    doc.data.added_later = { kept: true };
    const text = JSON.stringify(doc);
    localStorage.setItem(key, text);
    return { key, text };
  });
  await page.goto(url);
  await page.reload();
  const note = page.locator(".read-only-note");
  await note.waitFor({ state: "visible" });
  assert.match(await note.innerText(), /newer version of Yardstick.*read-only/);
  assert.ok(await page.getByLabel("Name of task 1", { exact: true }).isDisabled());
  assert.ok(await page.getByRole("button", { name: "Undo", exact: true }).isDisabled());
  await page.keyboard.press("Control+Z");
  assert.equal(await page.evaluate((key) => localStorage.getItem(key), newer.key), newer.text);
  assertNoProblems(page);
  await context.close();
});

test("unreadable stored data is offered from the banner as a download of its text as it was stored", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  // Damaged text under a project's key and under the portfolio's.
  const raw = '{"format":"yardstick","version":2,"kind":"project","data":{"name":"Half \u00e9crit';
  await page.evaluate((raw) => {
    localStorage.setItem("yardstick:project:broken", raw);
    localStorage.setItem("yardstick:portfolio", raw);
  }, raw);
  await page.reload();
  await page.getByText("1 stored project(s) could not be read").waitFor();
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download “yardstick:project:broken” as stored" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "yardstick-project-broken.txt");
  assert.equal(readFileSync(await download.path(), "utf8"), raw);
  assert.equal(await page.evaluate(() => localStorage.getItem("yardstick:project:broken")), raw);

  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
  const [ideas] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download “yardstick:portfolio” as stored" }).click(),
  ]);
  assert.equal(readFileSync(await ideas.path(), "utf8"), raw);
  assertNoProblems(page);
  await context.close();
});

test("persistent storage is asked for once, after the first save, and the answer shown", async () => {
  for (const granted of [true, false]) {
    const context = await env.browser.newContext();
    await context.addInitScript((granted) => {
      window.__persistCalls = 0;
      navigator.storage.persist = () => {
        window.__persistCalls += 1;
        return Promise.resolve(granted);
      };
    }, granted);
    const page = await newPage(context);
    await open(page, env.server.url);
    assert.equal(await page.evaluate(() => window.__persistCalls), 0, "not before any save");
    assert.equal(await page.locator(".app-footer__storage").innerText(), "");

    await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
    await settled(page);
    const footer = page.locator(".app-footer__storage");
    await page.waitForFunction(() => document.querySelector(".app-footer__storage").textContent !== "");
    assert.equal(
      await footer.innerText(),
      granted ? "Storage: persistent" : "Storage: the browser may clear it when space runs low",
    );
    await section(page, "Tasks");
    await page.getByLabel("Name of task 1", { exact: true }).fill("Another save");
    assert.equal(await page.evaluate(() => window.__persistCalls), 1, "asked once");
    assertNoProblems(page);
    await context.close();
  }
});

const KEPT = "Only in memory: this name is longer than the one it replaces";

test("when storage is full, the work is still exported as JSON and as a share link", async () => {
  const context = await env.browser.newContext();
  const page = await bikeShop(context);
  await section(page, "Tasks");
  const label = "Name of task 3";
  await page.getByLabel(label, { exact: true }).waitFor();
  const filled = await page.evaluate(() => {
    let chunk = "x".repeat(1 << 20);
    let n = 0;
    while (chunk.length > 0) {
      try {
        localStorage.setItem(`filler:${n}`, chunk);
        n += 1;
      } catch {
        chunk = chunk.slice(0, chunk.length / 2);
      }
    }
    return n;
  });
  assert.ok(filled > 0, "storage took some filler");
  // Longer than the name it replaces, so the project no longer fits.
  await page.getByLabel(label, { exact: true }).fill(KEPT);
  await page.getByText(/storage is full/).first().waitFor();

  await section(page, "Export");
  await page.locator("#share-link").waitFor();
  const link = await page.locator("#share-link").inputValue();
  assert.ok(link.startsWith(`${env.server.url}#s=2`), link.slice(0, 60));
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download JSON" }).click(),
  ]);
  assert.equal(download.suggestedFilename(), "bike-shop-demand-forecast.yardstick.json");
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  const tasks = exported.data.tasks.map((t) => t.name);
  assert.ok(tasks.includes(KEPT), "the export holds the edit that could not be stored");
  const stored = await page.evaluate(() =>
    Object.keys(localStorage)
      .filter((k) => k.startsWith("yardstick:project:"))
      .map((k) => localStorage.getItem(k))
      .join(""),
  );
  assert.ok(!stored.includes(KEPT), "the edit was indeed never stored");

  // The link carries the same edit to someone else.
  const fresh = await env.browser.newContext();
  const other = await newPage(fresh);
  await open(other, link);
  await other.locator(".report").getByText(KEPT).first().waitFor();
  await fresh.close();
  await page.evaluate(() => localStorage.clear());
  assertNoProblems(page);
  await context.close();
});

test("when storage is unavailable, the page says so, works in memory and still exports", async () => {
  const context = await env.browser.newContext();
  // As in a browser that blocks site data: reading `localStorage` throws.
  await context.addInitScript(() => {
    Object.defineProperty(window, "localStorage", {
      get() {
        throw new DOMException("The user denied access to storage.", "SecurityError");
      },
    });
  });
  const page = await bikeShop(context);
  await page.getByText(/storage is not available/).first().waitFor();
  const p80 = await page.locator(".kpi-p80-finish").innerText();
  assert.match(p80, /^\d{1,2}\/\d{1,2}\/\d{4}$/, "the forecast runs");

  await section(page, "Tasks");
  await page.getByLabel("Name of task 3", { exact: true }).fill(KEPT);
  await section(page, "Export");
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download JSON" }).click(),
  ]);
  const exported = JSON.parse(readFileSync(await download.path(), "utf8"));
  assert.ok(exported.data.tasks.some((t) => t.name === KEPT), "the export holds the edit");
  assertNoProblems(page);
  await context.close();
});
