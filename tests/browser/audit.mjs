// Open HTML reports in headless Chromium and say what a browser sees.
//
//   node audit.mjs OUT_DIR FILE.html [FILE.html ...]
//
// For each file, opened from file:// at 1280x900:
//   console_errors  every console message of type error
//   page_errors     every uncaught exception
//   dialogs         the message of every alert/confirm/prompt (a script ran)
//   requests        every URL the page asked for other than its own file: a
//                   report must be self-contained, so all are refused and
//                   recorded (data: URIs are inline content, not requests)
//   violations      axe-core's WCAG 2.0/2.1/2.2 A and AA violations
//   passes          how many axe rules passed (proof that axe ran at all)
//   text            document.body.innerText, what a reader sees
//   screenshot      OUT_DIR/<name>.png, the full page
//   pdf             OUT_DIR/<name>.pdf, A4 with print media (the print stylesheet)
//   error           null, or why this page could not be audited
//
// Prints one JSON document keyed by the FILE arguments as given. Exits 0 if
// the browser ran (the Python tests judge what it saw), 1 if it could not run,
// 2 on bad usage. Chromium is /usr/bin/chromium unless $CHROMIUM says otherwise.

import { chromium } from "playwright-core";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const HERE = fileURLToPath(new URL(".", import.meta.url));
const AXE = join(HERE, "node_modules", "axe-core", "axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
// Without the background-networking flags Chromium opens connections of its
// own (updates, field trials, sync), which a closed network refuses.
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const INLINE = /^(data|blob|about):/;

async function audit(context, file, outDir) {
  const url = pathToFileURL(resolve(file)).href;
  const name = basename(file).replace(/\.html?$/i, "");
  const seen = { console_errors: [], page_errors: [], dialogs: [], requests: [] };
  const requested = (wanted) => {
    if (wanted !== url && !INLINE.test(wanted) && !seen.requests.includes(wanted)) seen.requests.push(wanted);
  };
  const page = await context.newPage();
  try {
    page.on("console", (message) => {
      if (message.type() === "error") seen.console_errors.push(message.text());
    });
    page.on("pageerror", (error) => seen.page_errors.push(String(error)));
    page.on("dialog", (dialog) => {
      seen.dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    // Anything that slips past routing (it should not) is still recorded.
    page.on("request", (request) => requested(request.url()));
    await page.route("**/*", (route) => {
      const wanted = route.request().url();
      if (wanted === url) return route.continue();
      requested(wanted);
      return route.abort();
    });
    await page.goto(url, { waitUntil: "load" });
    await page.addScriptTag({ path: AXE });
    const axe = await page.evaluate(
      // eslint-disable-next-line no-undef
      (values) => axe.run(document, { runOnly: { type: "tag", values } }),
      TAGS,
    );
    const text = await page.evaluate(() => document.body.innerText);
    const screenshot = join(outDir, `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: true });
    await page.emulateMedia({ media: "print" });
    const pdf = join(outDir, `${name}.pdf`);
    await page.pdf({ path: pdf, format: "A4", printBackground: true });
    return {
      ...seen,
      violations: axe.violations.map((v) => ({
        id: v.id,
        impact: v.impact,
        help: v.help,
        nodes: v.nodes.length,
        targets: v.nodes.slice(0, 5).map((n) => n.target.join(" ")),
      })),
      passes: axe.passes.length,
      text,
      screenshot,
      pdf,
      error: null,
    };
  } catch (error) {
    return { ...seen, violations: [], passes: 0, text: "", screenshot: null, pdf: null, error: String(error) };
  } finally {
    await page.close().catch(() => {});
  }
}

const [outDir, ...files] = process.argv.slice(2);
if (!outDir || files.length === 0) {
  console.error("usage: node audit.mjs OUT_DIR FILE.html [FILE.html ...]");
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });

const profile = mkdtempSync(join(tmpdir(), "hcplan-chromium-"));
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 900 },
  });
} catch (error) {
  rmSync(profile, { recursive: true, force: true });
  console.error(`Chromium could not start: ${error}`);
  process.exit(1);
}

const report = {};
try {
  for (const file of files) report[file] = await audit(context, file, outDir);
} finally {
  await context.close().catch(() => {});
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(report, null, 2) + "\n");
