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
//   links           every link's href and where it leads (resolved), and every
//                   image's src with whether it loaded (naturalWidth > 0)
//   screenshot      OUT_DIR/<name>.png, the full page; with $AUDIT_PICTURE=WIDTHxHEIGHT
//                   (e.g. 1000x1900), the top of the page at that size (make regen's
//                   picture of the annual review for the README)
//   print           laid out for print at A4's text width: how many rows each
//                   set of summary tiles takes, and the no-break spans (a
//                   hyphenated title) that were broken over lines
//   pdf             OUT_DIR/<name>.pdf, A4 with print media (the print stylesheet),
//                   printed as a user prints: with the browser's own header and
//                   footer turned on (the page's margin boxes must replace them)
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
const PICTURE = /^(\d+)x(\d+)$/.exec(process.env.AUDIT_PICTURE || "");
const VIEWPORT = PICTURE ? { width: Number(PICTURE[1]), height: Number(PICTURE[2]) } : { width: 1280, height: 900 };

const used = new Set();

async function audit(context, file, outDir) {
  const url = pathToFileURL(resolve(file)).href;
  // Pages of a site share names (index.html): each keeps artifacts of its own.
  let name = basename(file).replace(/\.html?$/i, "");
  for (let n = 2; used.has(name); n++) name = `${basename(file).replace(/\.html?$/i, "")}-${n}`;
  used.add(name);
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
    const links = await page.evaluate(() => ({
      anchors: [...document.querySelectorAll("a[href]")].map((a) => ({ href: a.getAttribute("href"), url: a.href })),
      images: [...document.images].map((img) => ({ src: img.getAttribute("src").slice(0, 80), loaded: img.complete && img.naturalWidth > 0 })),
    }));
    const screenshot = join(outDir, `${name}.png`);
    await page.screenshot({ path: screenshot, fullPage: !PICTURE });
    await page.emulateMedia({ media: "print" });
    // A4 (210 mm) less the stylesheet's 15 mm margins, at 96 pixels to the inch.
    await page.setViewportSize({ width: 680, height: 1000 });
    const print = await page.evaluate(() => ({
      tile_rows: [...document.querySelectorAll(".figures")].map(
        (list) => new Set([...list.children].map((li) => Math.round(li.getBoundingClientRect().top))).size,
      ),
      broken_nowrap: [...document.querySelectorAll(".nowrap")].filter((e) => e.getClientRects().length > 1).map((e) => e.textContent),
    }));
    const pdf = join(outDir, `${name}.pdf`);
    await page.pdf({ path: pdf, format: "A4", printBackground: true, displayHeaderFooter: true });
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
      links,
      screenshot,
      print,
      pdf,
      error: null,
    };
  } catch (error) {
    return { ...seen, violations: [], passes: 0, text: "", links: null, screenshot: null, print: null, pdf: null, error: String(error) };
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
    viewport: VIEWPORT,
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
