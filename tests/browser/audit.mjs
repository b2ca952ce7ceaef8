// Open HTML reports in headless Chromium and say what a browser sees.
//
//   node audit.mjs OUT_DIR FILE.html [FILE.html ...]
//
// For each file: console errors, page errors, dialogs (a script that ran),
// every network request (a self-contained report makes none: all are
// refused and recorded), axe-core's WCAG 2.2 A/AA violations, the visible
// text, a full-page screenshot and an A4 PDF (the print stylesheet).
// Prints one JSON document; exits non-zero only if the browser cannot run.

import { chromium } from "playwright-core";
import { mkdtempSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { pathToFileURL, fileURLToPath } from "node:url";

const here = fileURLToPath(new URL(".", import.meta.url));
const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error("usage: node audit.mjs OUT_DIR FILE.html [FILE.html ...]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), "hcplan-chromium-")), {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  viewport: { width: 1280, height: 900 },
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
});

const report = {};
for (const file of files) {
  const url = pathToFileURL(resolve(file)).href;
  const name = basename(file).replace(/\.html?$/, "");
  const seen = { console_errors: [], page_errors: [], requests: [], dialogs: [] };
  const page = await browser.newPage();
  page.on("console", (message) => {
    if (message.type() === "error") seen.console_errors.push(message.text());
  });
  page.on("pageerror", (error) => seen.page_errors.push(String(error)));
  page.on("dialog", async (dialog) => {
    seen.dialogs.push(dialog.message());
    await dialog.dismiss();
  });
  await page.route("**/*", (route) => {
    const wanted = route.request().url();
    if (wanted === url) return route.continue();
    seen.requests.push(wanted);
    return route.abort();
  });
  await page.goto(url, { waitUntil: "load" });
  await page.addScriptTag({ path: join(here, "node_modules", "axe-core", "axe.min.js") });
  const axe = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    await axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] },
    }),
  );
  const text = await page.evaluate(() => document.body.innerText);
  const screenshot = join(outDir, `${name}.png`);
  await page.screenshot({ path: screenshot, fullPage: true });
  await page.emulateMedia({ media: "print" });
  const pdf = join(outDir, `${name}.pdf`);
  await page.pdf({ path: pdf, format: "A4", preferCSSPageSize: true });
  report[file] = {
    ...seen,
    violations: axe.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
    })),
    passes: axe.passes.length,
    text,
    screenshot,
    pdf,
  };
  await page.close();
}
await browser.close();
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
