// End-to-end speed of the extension in headless Chromium, through the real activeTab path:
// install dist/extension, open each page from a server on 127.0.0.1, click the toolbar button,
// and read where the time went from the extension itself (the service worker's TIMINGS message,
// the popup's User Timing marks; see extension/protocol.js). Nothing leaves the machine.
//
//   node bench/browser-e2e.mjs            every fixture page, the reference article and a
//                                         100,000-paragraph synthetic page, 3 repetitions
//   node bench/browser-e2e.mjs --smoke    2 pages, 1 repetition (CI: checks it runs, no claims)
//   options: --reps N, --pages cnn-1,guardian-1 (fixture names, `seed`, `synthetic`),
//            --baseline DIR (an unpacked extension, another build to compare with: installed
//            alongside, clicks rotating between the builds, a table for each; repeatable),
//            --settle MS (wait that long after the page's load event before clicking; 0 by default),
//            --cold-worker (stop the extensions' service workers before each page load, so every
//            click starts a new worker, as most of a reader's clicks do: see below)
//   A measurement that has no result after 3 minutes (a popup that never opens, a browser that
//   hangs or is gone) stops the bench with a message naming the page, the build and the step.
//
// Pages are served with `script-src 'none'` (their scripts would rewrite the DOM). Each
// repetition loads the page afresh, so every click takes the full path (inject, snapshot,
// analyse, paint). By default the click comes right after the load event, while the page and
// the browser are still busy with the load (first layouts and paints): on a 2-core machine the
// trips wait for that work and the analysis shares the cores with it, so every stage is then
// slower than for a reader who clicks later (`--settle 1000` measures that case). "→script" is
// the part of "→page" until the injected function starts, before content.js sets itself up;
// "snap←" the part of "snap→sw" from the injected function's return to the worker's answer.
// "action→painted" runs from where the extension hears of the action (the click's `onClicked`
// in Chromium) to the highlights being registered; "click→painted" from the
// harness triggering the click (its own clock, the same wall clock), which compares builds that
// start the annotation in different places; "click→shown" to the first animation frame in which
// the page has them registered and styled (see `watchHighlightsShown`), which also compares
// builds that insert their stylesheet at different times; "restyle" is the page's style
// recalculation after the stylesheet's insertion (every element its rules reach restyles, for
// its `::highlight()` styles), timed in the page, and "click→restyled" when it ended: a paint
// message that arrives during it waits for it. "→page" and "paint→page" are the trips
// of the snapshot call and of the paint message to the page only. "popup→script" is when popup.js
// starts running (the popup page's load and its module graph), "popup→request" when it asks
// (after the tab query). "click→action" is "click→painted" less "action→painted": the click's way
// to the extension, and with --cold-worker the new worker's start (its scripts) as well.
//
// Chromium stops an idle extension worker after 30 s, so a reader's click most often starts a new
// one, whose engine is instantiated afresh: V8 compiles the wasm's functions as they are first
// called and tiers up the hot ones later, while by default this bench keeps one worker across its
// clicks. --cold-worker stops the workers (`ServiceWorker.stopAllWorkers`, through the page's
// DevTools session: DevTools stays off the worker, which it would pause) before each page load,
// and adds columns from the new worker: "click→worker" (the browser starting it, until its global
// scope exists), "worker→script" (its module scripts loaded, until background.js runs and starts
// the engine), "script→action" (until the click's `onClicked` runs), "instantiate" (the engine's
// fetch, compilation and instantiation), "tables" (`buildTables`), "warm-up" (the warm-up
// analysis, when the build has one; the count of clicks it preceded is printed under the table);
// "engine" is then how long the click waited for its engine.
// Needs the build (./x build). Prints one row per page (medians over the repetitions), then the
// median and max over the fixture pages; the synthetic page is shown apart. All times in
// milliseconds.

import path from 'node:path';
import { TIMINGS } from '../extension/protocol.js';
import {
  SAVED_PAGE_CSP,
  clickToolbarButton,
  launchWithExtension,
  readPopup,
  serveDirectory,
  stopExtensionWorker,
  waitForActivatedWorker,
} from '../tests/browser/support.mjs';
import { FIXTURES, benchOptions, cell, choosePages, loadPage, median, printTable, summaryRows } from './browser-tables.mjs';


/** Paragraphs of the synthetic page (the size the issue asks the extension to cope with). */
const SYNTHETIC_PARAGRAPHS = 100_000;

/** The pages `--smoke` runs: the reference article and the largest fixture page. */
const SMOKE_PAGES = ['seed', 'cnn-1'];

/** The targets of the issue "Speed and size", in milliseconds. */
const TARGETS = { actionToPaintedMedian: 16, actionToPaintedCnn: 50, popupShown: 100 };

/** Columns of the table: [heading, value of one measurement]. */
const COLUMNS = [
  ['nodes', (m) => m.nodes],
  ['engine', (m) => m.stages.engine],
  ['→page', (m) => m.stages.toPage],
  ['→script', (m) => m.stages.toScript],
  ['walk', (m) => m.stages.snapshot],
  ['json', (m) => m.stages.serialise],
  ['snap→sw', (m) => m.stages.snapshotTransfer],
  ['snap←', (m) => m.stages.snapshotBack],
  ['analyse', (m) => m.stages.analysis],
  ['styles', (m) => m.stages.styles],
  ['paint', (m) => m.stages.paint],
  ['paint⇄', (m) => m.stages.paintTransfer],
  ['paint→page', (m) => m.stages.paintToPage],
  ['sw total', (m) => m.total],
  ['click→action', (m) => subtract(m.clickToPainted, m.actionToPainted)],
  ['action→painted', (m) => m.actionToPainted],
  ['click→painted', (m) => m.clickToPainted],
  ['restyle', (m) => m.restyle],
  ['click→restyled', (m) => m.clickToRestyled],
  ['click→shown', (m) => m.clickToShown],
  ['popup→script', (m) => m.popupScript],
  ['popup→request', (m) => m.popupRequest],
  ['popup shown', (m) => m.popupShown],
];

/** Columns added with --cold-worker: the new worker's own start-up, see above. */
const WORKER_COLUMNS = [
  ['click→worker', (m) => subtract(m.workerStartedAt, m.clickedAt)],
  ['worker→script', (m) => subtract(m.loadStartedAt, m.workerStartedAt)],
  ['script→action', (m) => subtract(m.paintedAt - m.actionToPainted, m.loadStartedAt)],
  ['instantiate', (m) => m.instantiate],
  ['tables', (m) => m.buildTables],
  ['warm-up', (m) => m.warmUp],
];

/** `a - b`, undefined when either is. */
function subtract(a, b) {
  return a === undefined || b === undefined ? undefined : a - b;
}

/** A page of `count` paragraphs, a quote with its speaker every tenth one. */
function syntheticPage(count) {
  const paragraphs = [];
  for (let i = 0; i < count; i += 1) {
    paragraphs.push(
      i % 10 === 0
        ? `<p>“We will repair road ${i} before the winter comes,” said Jane Porter, the mayor of the city.</p>`
        : `<p>The council discussed item ${i} of the budget, which covers roads, schools and the harbour.</p>`,
    );
  }
  return (
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council budget</title></head><body>' +
    `<main><article><h1>Council budget</h1>${paragraphs.join('')}</article></main></body></html>`
  );
}

/** How long the page is watched for highlights on screen after a click, in milliseconds. */
const SHOWN_TIMEOUT_MS = 30_000;

/**
 * Resolves to `{ shownAt, restyle, restyledAt }` for `page` (times as `clockNow()` in the page):
 * `shownAt`, the first animation frame in which Sourcelight's highlights are registered and
 * styled, after the style recalculation that needs; `restyle`, the longest such recalculation
 * after the click (the page's rendering update after the stylesheet's insertion, which restyles
 * every element the stylesheet reaches) and `restyledAt`, when it ended. Each frame forces the
 * pending recalculation (`getComputedStyle`, which the frame would do anyway right after its
 * animation frame callbacks) and times it. Registered is not shown: where the extension inserts
 * its stylesheet decides when the page restyles, which can come after the registration. `shownAt` is undefined when nothing
 * shows in time (a page without article). Runs in the page's main world, which shares the
 * highlight registry.
 */
function watchHighlightsShown(page) {
  return page.evaluate(
    (timeout) =>
      new Promise((resolve) => {
        const now = () => performance.timeOrigin + performance.now();
        let restyle = 0;
        let restyledAt;
        const ours = () => Array.from(CSS.highlights).find(([name]) => name.startsWith('sourcelight-'));
        const registered = () => ours() !== undefined;
        // Styled where the first painted range is: builds style the root, or the element that
        // holds the ranges; before anything is registered, the root.
        const styled = () => {
          const start = performance.now();
          const [name = 'sourcelight-quote', highlight] = ours() ?? [];
          const element = highlight?.values().next().value?.startContainer.parentElement ?? document.documentElement;
          const background = getComputedStyle(element, `::highlight(${name})`).backgroundColor;
          const took = performance.now() - start;
          if (took > restyle) {
            restyle = took;
            restyledAt = now();
          }
          return background !== 'rgba(0, 0, 0, 0)';
        };
        const frame = () => {
          // Styled first: its recalculation is timed whether or not anything is registered yet.
          if (styled() && registered()) {
            resolve({ shownAt: now(), restyle, restyledAt });
          } else {
            requestAnimationFrame(frame);
          }
        };
        requestAnimationFrame(frame);
        setTimeout(() => resolve({ shownAt: undefined, restyle, restyledAt }), timeout);
      }),
    SHOWN_TIMEOUT_MS,
  );
}

/**
 * Longest one measurement may take (the worker's stop included), in milliseconds: the synthetic
 * page alone loads in up to 120 s (`loadPage`), a click then takes well under a second. Past it
 * the bench stops with a message that names the page, the build and the step it was in, instead
 * of waiting for an answer from a browser that hangs or is gone.
 */
const MEASURE_TIMEOUT_MS = 180_000;

/** Longest wait for the browser to close at the end, in milliseconds, before it is killed. */
const CLOSE_TIMEOUT_MS = 10_000;

/**
 * `promise`, or a rejection with the message `describe()` once `ms` milliseconds have passed
 * first (`promise` is then left to settle unobserved); a rejection of `promise` gets `describe()`
 * in front of its message as well.
 */
function withTimeout(promise, ms, describe) {
  let timer;
  const late = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${describe()}: no answer after ${ms / 1000} s`)), ms);
  });
  const failed = promise.catch((error) => {
    throw new Error(`${describe()}: ${error?.message ?? error}`, { cause: error });
  });
  return Promise.race([failed, late]).finally(() => clearTimeout(timer));
}

/**
 * One measurement: loads `url`, clicks the toolbar button, reads the timings; `progress.step`
 * says which step it is in (for the message of a measurement that takes too long).
 */
async function measure(browser, page, extension, url, settle, progress) {
  progress.step = 'loading the page';
  await loadPage(page, url, settle);
  // Handled here: the next page ends the watch of a page that showed none.
  const shown = watchHighlightsShown(page).catch(() => ({}));
  // The harness's own clock (the same wall clock as the browser's `clockNow()`): what a reader
  // waits from the click, whichever context starts the annotation.
  const clickedAt = performance.timeOrigin + performance.now();
  progress.step = 'clicking, until the popup shows an outcome';
  const popup = await clickToolbarButton(browser, page, extension);
  progress.step = 'reading the popup and the timings';
  const popupShows = await readPopup(popup);
  if (popupShows.state !== 'done' && popupShows.state !== 'no-article') {
    throw new Error(`${url}: popup says ${popupShows.status}`);
  }
  const { annotation, engine } = await popup.evaluate((type) => chrome.runtime.sendMessage({ type }), TIMINGS);
  const [popupScript, popupRequest, popupShown] = await popup.evaluate(() =>
    ['sourcelight-popup-script', 'sourcelight-request', 'sourcelight-outcome-shown'].map(
      (name) => performance.getEntriesByName(name)[0]?.startTime,
    ),
  );
  await popup.close();
  const clickToPainted = annotation.paintedAt === undefined ? undefined : annotation.paintedAt - clickedAt;
  // The popup shows its outcome after the paint: nothing registered by now never shows.
  const registered = await page.evaluate(() =>
    Array.from(CSS.highlights.keys()).some((name) => name.startsWith('sourcelight-')),
  );
  progress.step = 'watching the highlights show';
  const { shownAt, restyle, restyledAt } = registered ? await shown : {};
  const clickToShown = shownAt === undefined ? undefined : shownAt - clickedAt;
  const clickToRestyled = restyledAt === undefined ? undefined : restyledAt - clickedAt;
  return {
    ...annotation,
    clickToPainted,
    clickToShown,
    restyle,
    clickToRestyled,
    popupScript,
    popupRequest,
    popupShown,
    instantiate: engine.instantiate,
    buildTables: engine.buildTables,
    // Null when skipped (or not in this build).
    warmUp: engine.warmUp ?? undefined,
    clickedAt,
    workerStartedAt: engine.workerStartedAt,
    loadStartedAt: engine.loadStartedAt,
  };
}

/** The index of the column headed `heading` (one of `COLUMNS`, which come first in every table). */
function column(heading) {
  return COLUMNS.findIndex(([name]) => name === heading);
}

/**
 * Prints one build's tables (fixture pages, their median and max, the synthetic page) and
 * targets; `columns` are the table's columns, `COLUMNS` first.
 */
function printReport(label, rows, reps, columns) {
  const fixtureRows = rows.filter(({ name }) => name !== 'synthetic');
  const summary = summaryRows(columns.length, fixtureRows);
  console.log(`\n${label}: extension end to end, ${reps} repetition(s) per page (medians), milliseconds:\n`);
  printTable(columns, [...fixtureRows, ...summary]);
  const synthetic = rows.find(({ name }) => name === 'synthetic');
  if (synthetic !== undefined) {
    console.log(`\nSynthetic page, ${SYNTHETIC_PARAGRAPHS.toLocaleString('en')} paragraphs:\n`);
    printTable(columns, [synthetic]);
  }
  // Judged from the click as the harness made it: "action→painted" starts where this build's
  // extension first hears of the click, which moved when the click started the annotation.
  const actionMedian = summary[0].values[column('click→painted')];
  const cnn = rows.find(({ name }) => name === 'cnn-1')?.values[column('click→painted')];
  const popupMedian = summary[0].values[column('popup shown')];
  console.log(`\nTargets (${label}):`);
  console.log(`  click → painted, median over pages ≤ ${TARGETS.actionToPaintedMedian} ms: ${cell(actionMedian, 0)} ms`);
  console.log(`  click → painted on cnn-1 ≤ ${TARGETS.actionToPaintedCnn} ms: ${cell(cnn, 0)} ms`);
  console.log(`  popup open → summary shown, median ≤ ${TARGETS.popupShown} ms: ${cell(popupMedian, 0)} ms`);
  // Not a target of its own: what a reader sees, the restyle the stylesheet causes included.
  const shownMedian = summary[0].values[column('click→shown')];
  console.log(`  (click → shown on screen, median over pages: ${cell(shownMedian, 0)} ms)`);
}

async function main() {
  const { options, smoke, reps, pageNames, settle } = benchOptions({
    baseline: { type: 'string', multiple: true },
    'cold-worker': { type: 'boolean' },
  });
  const coldWorker = options['cold-worker'] === true;
  const columns = coldWorker ? [...COLUMNS, ...WORKER_COLUMNS] : COLUMNS;
  const pages = choosePages(smoke ? SMOKE_PAGES : pageNames, [
    { name: 'synthetic', path: '/synthetic.html' },
  ]);
  const needsSynthetic = pages.some(({ name }) => name === 'synthetic');
  const site = await serveDirectory(FIXTURES, {
    pages: needsSynthetic ? { '/synthetic.html': syntheticPage(SYNTHETIC_PARAGRAPHS) } : {},
    headers: () => ({ 'content-security-policy': SAVED_PAGE_CSP }),
  });
  // DevTools kept off the worker, so that a stopped one starts again (see launchBrowser).
  const { browser, proxy, extension } = await launchWithExtension({ detachedWorkers: true });
  // Baseline builds run in the same browser, their clicks alternating with this build's, so
  // that all see the same load (this machine's timings drift by 2x within minutes).
  const builds = [{ label: 'this build', extension, rows: [], clicks: 0, warmedUp: 0 }];
  for (const dir of options.baseline ?? []) {
    const id = await browser.installExtension(path.resolve(dir));
    builds.push({ label: `baseline (${dir})`, extension: (await browser.extensions()).get(id), rows: [], clicks: 0, warmedUp: 0 });
  }
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1280, height: 900 });
    // A click before a build's worker is activated is dropped, and stopping one build's worker
    // (--cold-worker) stops them all: none may be still installing then.
    for (const build of builds) {
      await waitForActivatedWorker(page, build.extension);
    }
    const engine = {};
    for (const { name, path: pagePath } of pages) {
      const runs = builds.map(() => []);
      for (let rep = 0; rep < reps; rep += 1) {
        // Rotated each repetition, so that no build always runs first (or right after another).
        const order = builds.map((_, i) => (i + rep) % builds.length);
        for (const index of order) {
          const progress = { step: 'stopping the service worker' };
          const run = await withTimeout(
            (async () => {
              if (coldWorker) {
                // Every build's worker stops: none of them is woken by a page load.
                await stopExtensionWorker(page, builds[index].extension);
              }
              return measure(browser, page, builds[index].extension, `${site.origin}${pagePath}`, settle, progress);
            })(),
            MEASURE_TIMEOUT_MS,
            () => `${name}, ${builds[index].label}, repetition ${rep + 1}, ${progress.step}`,
          );
          if (index === 0) {
            engine.cold ??= run.instantiate;
          }
          runs[index].push(run);
          builds[index].clicks += 1;
          builds[index].warmedUp += run.warmUp === undefined ? 0 : 1;
        }
      }
      builds.forEach((build, index) => {
        const values = columns.map(([, read]) => median(runs[index].map(read)));
        build.rows.push({ name, values });
        console.error(`${name}, ${build.label}: action→painted ${cell(values[column('action→painted')], 0)} ms`);
      });
    }
    // A new worker instantiates the engine again: the browser may reuse its compiled code (with
    // --cold-worker, every click's worker did: its own column).
    if (!coldWorker) {
      try {
        const progress = { step: 'stopping the service worker' };
        const run = withTimeout(
          stopExtensionWorker(page, extension).then(() =>
            measure(browser, page, extension, `${site.origin}${pages[0].path}`, settle, progress),
          ),
          MEASURE_TIMEOUT_MS,
          () => `the restarted worker's instantiation, ${progress.step}`,
        );
        engine.warm = (await run).instantiate;
      } catch (error) {
        console.error(`warm instantiation not measured: ${error.message}`);
      }
    }
    for (const { label, rows, clicks, warmedUp } of builds) {
      printReport(coldWorker ? `${label}, a new worker for every click` : label, rows, reps, columns);
      if (coldWorker) {
        // A warm-up is skipped when the page's snapshot reaches the worker first.
        console.log(`  warm-up before the page's analysis: ${warmedUp} of ${clicks} clicks`);
      }
    }
    if (!coldWorker) {
      console.log(`\nwasm instantiation: cold ${cell(engine.cold, 0)} ms (first worker), warm ${cell(engine.warm, 0)} ms (restarted worker)`);
    }
  } finally {
    // A browser that hangs (or is gone) may never answer the close: it is killed instead.
    await withTimeout(browser.close(), CLOSE_TIMEOUT_MS, () => 'the browser did not close').catch(() => {
      browser.process()?.kill('SIGKILL');
    });
    proxy.server.close();
    site.server.close();
  }
}

main().catch((error) => {
  // The message names the page, build and step (see `withTimeout`); the stack is the cause's.
  console.error(`browser bench failed: ${error?.message ?? error}\n${(error?.cause ?? error)?.stack ?? ''}`);
  // Whatever is still pending (a call to a browser that is gone) must not keep the bench
  // running; a bench that succeeded ends by itself, once its tables are written out.
  process.exit(1);
});
