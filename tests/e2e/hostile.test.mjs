// End-to-end test of hostile typing: markup typed into a field is shown as text in
// every section and never becomes live HTML, now or after a reload (finding 1 of #14:
// a typed currency put live links, a form and a refresh into the page).
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, settled } from "./harness.mjs";

const env = useServerAndBrowser();
const HOSTILE = '<A HREF=HTTPS://EVIL.EXAMPLE/>PAY</A><FORM ACTION=HTTPS://EVIL.EXAMPLE/><META HTTP-EQUIV=REFRESH CONTENT="0;URL=HTTPS://EVIL.EXAMPLE/">';

/** Elements the hostile text would create if it became markup. */
async function injected(page) {
  return page.evaluate(
    () => document.querySelectorAll('a[href*="EVIL" i], form[action*="EVIL" i], meta[http-equiv="refresh" i]').length,
  );
}

async function section(page, name) {
  await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name }).click();
  await page.getByRole("heading", { name, level: 2 }).waitFor();
}

test("a hostile currency is shown as text in every section, before and after a reload", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
  await settled(page);
  await section(page, "Team & budget");
  await page.getByLabel("Currency (ISO code)").fill(HOSTILE);
  for (const name of ["Team & budget", "Risks", "Overview", "Value & priority", "Forecast", "Export"]) {
    await section(page, name);
    await page.waitForTimeout(300);
    assert.equal(await injected(page), 0, `no injected element in ${name}`);
  }
  await section(page, "Team & budget");
  assert.ok((await page.locator("body").innerText()).includes("PAY</A>"), "the typed markup is shown as text");
  await page.reload();
  await page.getByRole("heading", { name: "Team & budget", level: 2 }).waitFor();
  await page.waitForTimeout(300);
  assert.equal(await injected(page), 0, "none after a reload");
  assert.ok(page.url().startsWith(env.server.url), "the page did not navigate away");
  assertNoProblems(page);
  await context.close();
});
