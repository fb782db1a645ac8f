// axe-core on every section of a full project, on the start page and on the portfolio,
// at a laptop's width and a phone's, in light and dark: no violation anywhere.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems, assertAccessible, settled } from "./harness.mjs";

const env = useServerAndBrowser();

for (const [width, height, scheme] of [[1366, 900, "light"], [390, 844, "dark"]]) {
  test(`every section is accessible at ${width} px (${scheme})`, async () => {
    const context = await env.browser.newContext({ viewport: { width, height }, colorScheme: scheme });
    const page = await newPage(context);
    await open(page, env.server.url);
    await assertAccessible(page, `start page at ${width} px`);
    await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
    await settled(page);
    const nav = page.getByRole("navigation", { name: "Project sections" });
    const names = await nav.getByRole("link").allInnerTexts();
    assert.ok(names.length >= 11, `every section is linked: ${names.join(", ")}`);
    for (const name of names) {
      await nav.getByRole("link", { name, exact: true }).click();
      await page.getByRole("heading", { name, level: 2 }).waitFor();
      // Slow parts replace "Working it out…" once drawn.
      await page.waitForFunction(() => ![...document.querySelectorAll("[role=status]")].some((e) => e.textContent === "Working it out…"), null, { timeout: 30_000 });
      await assertAccessible(page, `${name} at ${width} px`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${name} at ${width} px scrolls sideways by ${overflow} px`);
    }
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Portfolio" }).click();
    await page.locator(".ranking-table").waitFor({ timeout: 60_000 });
    await assertAccessible(page, `portfolio at ${width} px`);
    assertNoProblems(page);
    await context.close();
  });
}
