// From business requirements to a serving architecture: the bike shop's requirements
// change, the sizing follows, and the work it implies joins the plan with one click and
// moves P80.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

test("requirements size the serving, and an implied task added with one click moves P80", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  const p80Before = await page.locator(".kpi-p80-finish").innerText();
  const costBefore = await page.locator(".kpi-p80-cost").innerText();
  const nav = page.getByRole("navigation", { name: "Project sections" });
  await nav.getByRole("link", { name: "Requirements & plan" }).click();
  const mode = page.locator(".sizing__mode");
  await mode.waitFor();
  assert.equal(await mode.innerText(), "Batch", "daily predictions are served in batch");
  await page.getByLabel("Prediction freshness").selectOption({ label: "Real time" });
  await page.getByLabel("Inference requests per day").fill("8640000");
  await page.getByLabel("Latency target, p95 (ms)").fill("200");
  await page.getByLabel("Cost per instance-hour").fill("0.5");
  await page.waitForFunction(() => document.querySelector(".sizing__mode")?.textContent === "Online");
  const instances = Number(await page.locator(".sizing__instances").innerText());
  assert.ok(instances >= 2, `an online service at 300 requests a second needs instances: ${instances}`);
  assert.match(await page.locator(".sizing__run-cost").innerText(), /^EUR [\d,]+$/);
  const offer = page.locator(".offer").filter({ hasText: "Prediction service" });
  await offer.getByRole("button", { name: "Add to plan" }).click();
  await offer.getByText("In the plan").waitFor();
  await assertAccessible(page, "Requirements & plan with the sizing");
  await nav.getByRole("link", { name: "Overview" }).click();
  await settled(page);
  // P80 cost rises with the added work; the finish moves too, though not always later
  // (a capacity schedule may reorder work: docs/MODEL.md §9).
  const p80After = await page.locator(".kpi-p80-finish").innerText();
  console.log(`# P80 finish ${p80Before} → ${p80After}`);
  const money = (text) => Number(text.replace(/[^\d]/g, ""));
  const costAfter = await page.locator(".kpi-p80-cost").innerText();
  assert.ok(money(costAfter) > money(costBefore), `and costlier: ${costBefore} → ${costAfter}`);
  assertNoProblems(page);
  await context.close();
});
