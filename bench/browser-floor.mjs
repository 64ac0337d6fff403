// The floor of the click path in headless Chromium: what the browser's own trips cost on each
// fixture page with none of Sourcelight's work in them, to read bench/browser-e2e.mjs against.
// A probe extension (bench/floor-extension) makes the trips the real one makes, emptied: inject
// a function that only answers, send one tab message, insert the highlight stylesheet on the
// root (the Chromium build's: needs ./x build) and time the restyle it costs the page (see
// probe.js).
// Pages are served and loaded as browser-e2e.mjs does (fresh load, `script-src 'none'`, in
// front). Nothing leaves the machine.
//
//   node bench/browser-floor.mjs                 every fixture page and the reference article,
//                                                3 repetitions
//   node bench/browser-floor.mjs --smoke         the reference article, 1 repetition (CI: checks
//                                                it runs, no claims)
//   options: --reps N, --pages cnn-1,guardian-1 (fixture names, `seed`),
//            --settle MS (wait that long after the load event before the trips, as in
//            browser-e2e.mjs; 0 by default: the trips then wait for the page's and the browser's
//            own work after the load, and are longer)
//
// "floor" = injection trip + message trip + restyle: the least a first click on a freshly loaded
// page can take before its highlights show, on this machine, whatever the extension computes.
// All times in milliseconds, medians over the repetitions, then median and max over pages.

import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DIST, ROOT, SAVED_PAGE_CSP, launchBrowser, serveDirectory, startRecordingProxy } from '../tests/browser/support.mjs';
import { FIXTURES, benchOptions, cell, choosePages, loadPage, median, printTable, summaryRows } from './browser-tables.mjs';

const PROBE_DIR = path.join(ROOT, 'bench', 'floor-extension');
/**
 * The Chromium build's highlight stylesheet on the root (extension/styles.js), which reaches every
 * element: the extension inserts it on the element that holds the painted ranges, a subtree.
 */
const { highlightCss } = await import(pathToFileURL(path.join(DIST, 'extension', 'styles.js')).href);
const HIGHLIGHT_CSS = highlightCss(':root');

/** Columns: [heading, value of one measurement]. */
const COLUMNS = [
  ['→page', (m) => m.toPage],
  ['inject⇄', (m) => m.injectTrip],
  ['message⇄', (m) => m.messageTrip],
  ['restyle', (m) => m.restyle],
  ['floor', (m) => m.injectTrip + m.messageTrip + m.restyle],
];

async function main() {
  const { smoke, reps, pageNames, settle } = benchOptions();
  const pages = choosePages(smoke ? ['seed'] : pageNames);
  const site = await serveDirectory(FIXTURES, { headers: () => ({ 'content-security-policy': SAVED_PAGE_CSP }) });
  const proxy = await startRecordingProxy();
  const browser = await launchBrowser(proxy.address);
  try {
    const id = await browser.installExtension(PROBE_DIR);
    const probe = await browser.newPage();
    await probe.goto(`chrome-extension://${id}/probe.html`);
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    const rows = [];
    for (const { name, path: pagePath } of pages) {
      const url = `${site.origin}${pagePath}`;
      const runs = [];
      for (let rep = 0; rep < reps; rep += 1) {
        await loadPage(page, url, settle);
        await page.bringToFront();
        runs.push(await probe.evaluate((u, css) => globalThis.probeFloor(u, css), url, HIGHLIGHT_CSS));
      }
      rows.push({ name, values: COLUMNS.map(([, read]) => median(runs.map(read))) });
      console.error(`${name}: floor ${cell(rows.at(-1).values.at(-1), 0)} ms`);
    }
    console.log(`\nclick-path floor, ${reps} repetition(s) per page (medians), milliseconds:\n`);
    printTable(COLUMNS, [...rows, ...summaryRows(COLUMNS.length, rows)]);
  } finally {
    await browser.close();
    proxy.server.close();
    site.server.close();
  }
}

main().catch((error) => {
  console.error(`floor bench failed: ${error.stack ?? error}`);
  process.exitCode = 1;
});
