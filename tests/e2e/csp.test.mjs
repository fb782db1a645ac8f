// End-to-end tests of the Content-Security-Policy that the post_build hook writes into
// index.html: the app runs under it without a violation, and it refuses inline code.
import { test } from "node:test";
import assert from "node:assert/strict";
import { useServerAndBrowser, newPage, open, assertNoProblems } from "./harness.mjs";

const env = useServerAndBrowser();

async function policy(page) {
  return page.evaluate(
    () => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? null,
  );
}

test("the app runs under a strict policy that allows only Trunk's own inline script", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  const csp = await policy(page);
  assert.ok(csp, "index.html has no Content-Security-Policy");
  const directives = Object.fromEntries(
    csp.split(";").map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name, values]),
  );
  assert.deepEqual(directives["default-src"], ["'self'"]);
  assert.deepEqual(directives["style-src"], ["'self'"]);
  assert.deepEqual(directives["object-src"], ["'none'"]);
  assert.deepEqual(directives["form-action"], ["'none'"]);
  assert.deepEqual(directives["require-trusted-types-for"], ["'script'"]);
  assert.deepEqual(directives["trusted-types"], ["yardstick", "default"]);
  const scripts = directives["script-src"];
  assert.deepEqual(scripts.slice(0, 2), ["'self'", "'wasm-unsafe-eval'"]);
  assert.equal(scripts.length, 3, "exactly one inline script hash");
  assert.match(scripts[2], /^'sha256-[A-Za-z0-9+/]{43}='$/);
  assert.equal(await page.locator("script:not([src])").count(), 1);

  await page.getByLabel("Project name").fill("Under a strict policy");
  await page.getByRole("button", { name: "Create project" }).click();
  await page.getByRole("heading", { name: "Under a strict policy", level: 1 }).waitFor();
  assertNoProblems(page);
  await context.close();
});

test("the policy refuses injected inline scripts and styles, and the harness reports it", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  const outcome = await page.evaluate(async () => {
    const script = document.createElement("script");
    try {
      script.textContent = "window.injectedScriptRan = true;";
    } catch {
      // Trusted Types refuse script text from a plain string; the element stays empty
      // and is refused again as inline script.
    }
    document.head.append(script);
    const style = document.createElement("style");
    style.textContent = "body { text-indent: 77px; }";
    document.head.append(style);
    await new Promise((ok) => setTimeout(ok, 100));
    return { ran: window.injectedScriptRan === true, indent: getComputedStyle(document.body).textIndent };
  });
  assert.deepEqual(outcome, { ran: false, indent: "0px" });
  await page.waitForTimeout(100);
  const violations = page.problems.filter((p) => p.startsWith("CSP violation"));
  assert.deepEqual(violations, [
    "CSP violation: require-trusted-types-for blocked trusted-types-sink",
    "CSP violation: style-src-elem blocked inline",
  ]);
  await context.close();
});

test("Trusted Types refuse markup that could run script, and forms cannot be sent anywhere", async () => {
  const context = await env.browser.newContext();
  const page = await newPage(context);
  await open(page, env.server.url);
  const outcome = await page.evaluate(async () => {
    const host = document.createElement("div");
    document.body.append(host);
    const attempt = (html) => {
      try {
        host.innerHTML = html;
        return host.innerHTML;
      } catch (e) {
        return e.name;
      }
    };
    const form = document.createElement("form");
    form.action = "https://evil.example/";
    document.body.append(form);
    let sent = "not sent";
    try {
      form.submit();
    } catch (e) {
      sent = e.name;
    }
    await new Promise((ok) => setTimeout(ok, 100));
    return {
      handler: attempt('<img src="x" onerror="window.ran = true">'),
      script: attempt("<script>window.ran = true</script>"),
      text: attempt("<b>plain</b>"),
      ran: window.ran === true,
      sent,
      still: location.origin,
    };
  });
  assert.deepEqual(
    { ...outcome, still: outcome.still === new URL(env.server.url).origin },
    { handler: "TypeError", script: "TypeError", text: "<b>plain</b>", ran: false, sent: "not sent", still: true },
  );
  const violations = page.problems.filter((p) => p.startsWith("CSP violation"));
  assert.deepEqual(violations, ["CSP violation: form-action blocked https://evil.example/?"]);
  await context.close();
});
