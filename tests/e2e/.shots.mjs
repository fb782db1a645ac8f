import { startServer, launch, newPage, open, settled } from "./harness.mjs";
const server = await startServer();
const browser = await launch();
const sections = (process.env.SECTIONS ?? "Overview,Tasks,Risks,Forecast").split(",");
for (const [w, h] of [[1366, 900], [390, 844]]) {
  for (const scheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: w, height: h }, colorScheme: scheme });
    const page = await newPage(context);
    await open(page, server.url);
    await page.screenshot({ path: `/tmp/shots/start-${w}-${scheme}.png` });
    await page.getByRole("button", { name: "Bike shop demand forecast" }).click();
    await settled(page);
    for (const name of sections) {
      await page.getByRole("navigation", { name: "Project sections" }).getByRole("link", { name, exact: true }).click();
      await page.waitForTimeout(600);
      await page.screenshot({ path: `/tmp/shots/${name.replace(/\W/g, "")}-${w}-${scheme}.png`, fullPage: process.env.FULL === "1" });
    }
    await context.close();
  }
}
await browser.close(); await server.close();
