// Scores the release build in dist/ with Lighthouse (mobile preset, simulated throttling)
// in Debian's Chromium, served gzipped from 127.0.0.1 as a static host serves it, and
// prints one line per page:
//   lighthouse <page> performance=<0-100> accessibility=<0-100> best_practices=<0-100>
//     fcp_ms=<n> lcp_ms=<n> tbt_ms=<n> cls=<n> lcp_element="<selector>"
// <page> is the start page and the page a share link of the bike shop template opens.
// It never fails on a score (the machine is shared and noisy). Run through
// scripts/lighthouse.sh, which installs Lighthouse from this directory's lockfile.
import { execFileSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import lighthouse from "lighthouse";
import * as chromeLauncher from "chrome-launcher";
import { startServer } from "../../tests/e2e/harness.mjs";

const cli = process.env.YARDSTICK_CLI ?? "target/release/yardstick_cli";
const planFile = join(mkdtempSync(join(tmpdir(), "yardstick-")), "bike-shop.json");
writeFileSync(planFile, execFileSync(cli, ["template", "bike-shop"], { encoding: "utf8" }));
const fragment = execFileSync(cli, ["share", planFile], { encoding: "utf8" }).trim();

const server = await startServer({ gzip: true });
const chrome = await chromeLauncher.launch({
  chromePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  chromeFlags: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--lang=en-US"],
});
const runs = Number(process.env.LIGHTHOUSE_RUNS ?? 1);
try {
  for (const [name, url] of [
    ["start", server.url],
    ["share", `${server.url}${fragment}`],
  ]) {
    for (let run = 0; run < runs; run++) {
      const { lhr } = await lighthouse(url, {
        port: chrome.port,
        output: "json",
        logLevel: "error",
        onlyCategories: ["performance", "accessibility", "best-practices"],
      });
      const score = (c) => Math.round((lhr.categories[c]?.score ?? 0) * 100);
      const ms = (a) => Math.round(lhr.audits[a]?.numericValue ?? NaN);
      const element = lhr.audits["largest-contentful-paint-element"]?.details?.items?.[0]?.items?.[0]?.node?.selector ?? "";
      console.log(
        `lighthouse ${name} performance=${score("performance")} accessibility=${score("accessibility")} ` +
          `best_practices=${score("best-practices")} fcp_ms=${ms("first-contentful-paint")} ` +
          `lcp_ms=${ms("largest-contentful-paint")} tbt_ms=${ms("total-blocking-time")} ` +
          `cls=${(lhr.audits["cumulative-layout-shift"]?.numericValue ?? NaN).toFixed(3)} lcp_element="${element}"`,
      );
    }
  }
} finally {
  await chrome.kill();
  await server.close();
}
