// Two tabs on one project: an edit made in one tab reaches the other, so the other
// tab's next edit builds on it instead of silently overwriting it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, settled } from "./harness.mjs";

const env = useServerAndBrowser();

test("edits in two tabs of one project both survive", async () => {
  const context = await env.browser.newContext();
  const a = await newPage(context);
  await open(a, env.server.url);
  await a.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(a);
  const tasksUrl = a.url().replace(/overview$/, "tasks");
  await a.goto(tasksUrl);
  const b = await newPage(context);
  await open(b, tasksUrl);

  await a.getByLabel("Name of task 1", { exact: true }).fill("Renamed in tab A");
  await b.waitForFunction(
    () => document.querySelector("#main h1") && [...document.querySelectorAll("input")].some((i) => i.value === "Renamed in tab A"),
    null,
    { timeout: 10_000 },
  );
  await b.getByLabel("Name of task 2", { exact: true }).fill("Renamed in tab B");
  await a.waitForFunction(
    () => [...document.querySelectorAll("input")].some((i) => i.value === "Renamed in tab B"),
    null,
    { timeout: 10_000 },
  );

  const c = await newPage(context);
  await open(c, tasksUrl);
  assert.equal(await c.getByLabel("Name of task 1", { exact: true }).inputValue(), "Renamed in tab A");
  assert.equal(await c.getByLabel("Name of task 2", { exact: true }).inputValue(), "Renamed in tab B");
  for (const page of [a, b, c]) assertNoProblems(page);
  await context.close();
});

// A tab that has not yet heard of another tab's changes: its storage events are
// stopped before the app sees them, so it keeps showing what it read at first.
async function staleTab(context, url) {
  const page = await newPage(context);
  await page.addInitScript(() => window.addEventListener("storage", (e) => e.stopImmediatePropagation(), true));
  await open(page, url);
  return page;
}

const storedValue = (page, key) => page.evaluate((k) => localStorage.getItem(k), key);

test("a stale tab's Promote or new idea never overwrites what another tab saved", async () => {
  const context = await env.browser.newContext();
  const a = await newPage(context);
  await open(a, `${env.server.url}#/portfolio`);
  await a.getByRole("button", { name: "Add an idea" }).click();
  await a.locator(".idea-card").first().getByLabel("Name").fill("Shared idea");
  const b = await staleTab(context, `${env.server.url}#/portfolio`);
  await b.locator(".idea-card").first().waitFor();
  assert.equal(await b.locator(".idea-card").first().getByLabel("Name").inputValue(), "Shared idea");

  // Tab A promotes the idea and edits the project it became.
  await a.locator(".idea-card").first().getByRole("button", { name: /^Promote / }).click();
  await a.waitForFunction(() => document.querySelectorAll(".idea-card").length === 0);
  const key = await a.evaluate(() => Object.keys(localStorage).find((k) => k.startsWith("yardstick:project:")));
  const id = key.slice("yardstick:project:".length);
  await a.goto(`${env.server.url}#/p/${id}/tasks`);
  await a.getByLabel("Name of task 1", { exact: true }).fill("Edited in tab A");
  await a.waitForFunction((k) => localStorage.getItem(k).includes("Edited in tab A"), key);
  const edited = await storedValue(a, key);

  // Tab B still shows the idea; its Promote is refused and it shows tab A's portfolio.
  await b.locator(".idea-card").first().getByRole("button", { name: /^Promote / }).click();
  await b.getByText("The portfolio was changed in another tab").waitFor();
  await b.waitForFunction(() => document.querySelectorAll(".idea-card").length === 0);
  assert.equal(await storedValue(b, key), edited, "tab A's edited project is untouched");

  // Ideas added in both tabs: the stale tab's addition is refused, not written over
  // tab A's, and once it shows tab A's version its next addition keeps both.
  await a.goto(`${env.server.url}#/portfolio`);
  await a.getByRole("button", { name: "Add an idea" }).click();
  await a.locator(".idea-card").first().getByLabel("Name").fill("From tab A");
  await a.waitForFunction(() => localStorage.getItem("yardstick:portfolio").includes("From tab A"));
  await b.getByRole("button", { name: "Dismiss" }).click();
  await b.getByRole("button", { name: "Add an idea" }).click();
  await b.getByText("The portfolio was changed in another tab").waitFor();
  assert.ok((await storedValue(b, "yardstick:portfolio")).includes("From tab A"));
  await b.locator(".idea-card").first().waitFor();
  await b.getByRole("button", { name: "Add an idea" }).click();
  await b.waitForFunction(() => document.querySelectorAll(".idea-card").length === 2);
  const ideas = JSON.parse(await storedValue(b, "yardstick:portfolio")).data.ideas;
  assert.equal(ideas.length, 2);
  assert.equal(ideas[0].name, "From tab A");
  for (const page of [a, b]) assertNoProblems(page);
  await context.close();
});
