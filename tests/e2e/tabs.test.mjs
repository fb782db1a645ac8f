// Two tabs on one project: an edit made in one tab reaches the other, so the other
// tab's next edit builds on it instead of silently overwriting it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems } from "./harness.mjs";

const env = useServerAndBrowser();

test("edits in two tabs of one project both survive", async () => {
  const context = await env.browser.newContext();
  const a = await newPage(context);
  await open(a, env.server.url);
  await a.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await a.locator(".kpi-p80-finish").waitFor();
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
