// The extension after its service worker stopped. Chromium stops an extension's worker after 30 s
// without events, so for a reader nearly every click after the first starts a new worker: it
// must load the engine again and annotate as the first one did, and a page it annotated before
// must keep working with the new worker (hover card texts, following the page).
//
// DevTools stays off the worker here (`detachedWorkers`): a worker DevTools is attached to is
// paused when it starts again, which no reader's browser does.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { TIMINGS } from '../../extension/protocol.js';
import {
  ROOT,
  clickToolbarButton,
  cliReport,
  exportedReport,
  launchWithExtension,
  paintableSpans,
  rangeCounts,
  readHighlights,
  readPopup,
  serveDirectory,
  stopExtensionWorker,
  unstyledRanges,
} from './support.mjs';

const ARTICLE = path.join(ROOT, 'tests', 'fixtures', 'seed-article', 'source.html');

describe('extension with a restarted service worker', { timeout: 120_000 }, () => {
  let site;
  let browser;
  let proxy;
  let extension;
  let page;

  before(async () => {
    site = await serveDirectory(path.join(ROOT, 'tests', 'fixtures'));
    ({ browser, proxy, extension } = await launchWithExtension({ detachedWorkers: true }));
    page = await browser.newPage();
  });

  after(async () => {
    await browser?.close();
    proxy?.server.close();
    site?.server.close();
  });

  /** Loads the reference article afresh, clicks the toolbar button, returns the popup's state and the worker's timings. */
  async function annotateFreshPage() {
    await page.goto(`${site.origin}/seed-article/source.html`, { waitUntil: 'load' });
    const popup = await clickToolbarButton(browser, page, extension);
    const shown = await readPopup(popup);
    const timings = await popup.evaluate((type) => chrome.runtime.sendMessage({ type }), TIMINGS);
    await popup.close();
    return { shown, timings };
  }

  it('annotates as before after the worker was stopped, with the engine loaded again', async () => {
    const expected = paintableSpans(await cliReport(ARTICLE));
    const first = await annotateFreshPage();
    assert.equal(first.shown.state, 'done', first.shown.status);
    const firstHighlights = await readHighlights(page);

    await stopExtensionWorker(page, extension);
    const second = await annotateFreshPage();
    assert.equal(second.shown.state, 'done', second.shown.status);
    assert.deepEqual(second.shown.counts, first.shown.counts);
    // A new worker: its own engine start-up, and this click is its only annotation (full path).
    assert.equal(typeof second.timings.engine.instantiate, 'number');
    // The new instance built its word tables as it started, before the click's analysis.
    assert.equal(typeof second.timings.engine.buildTables, 'number');
    assert.equal(second.timings.annotation.path, 'full');
    const secondHighlights = await readHighlights(page);
    assert.deepEqual(rangeCounts(secondHighlights), expected);
    assert.deepEqual(secondHighlights, firstHighlights);
  });

  it('warms a new engine up while the page walks, and annotates as the CLI does after it', async () => {
    const report = await cliReport(ARTICLE);
    await stopExtensionWorker(page, extension);
    // Woken by an extension page's message (not a click), the worker loads its engine; once it
    // is ready, the click's warm-up runs in the same turn as its call to the page, before the
    // page's answer can arrive, so this first analysis always comes after a warm-up.
    const waker = await browser.newPage();
    await waker.goto(`chrome-extension://${extension.id}/summary.css`);
    const engine = await waker.evaluate(async (type) => {
      for (;;) {
        // The first messages can miss a worker still stopping.
        const timings = await chrome.runtime.sendMessage({ type }).catch(() => null);
        if (timings?.engine.buildTables !== null && timings?.engine.buildTables !== undefined) {
          return timings.engine;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    }, TIMINGS);
    await waker.close();
    assert.equal(engine.warmUp, null);
    await page.goto(`${site.origin}/seed-article/source.html`, { waitUntil: 'load' });
    const popup = await clickToolbarButton(browser, page, extension);
    assert.equal((await readPopup(popup)).state, 'done');
    const timings = await popup.evaluate((type) => chrome.runtime.sendMessage({ type }), TIMINGS);
    assert.equal(timings.engine.workerStartedAt, engine.workerStartedAt, 'the same worker');
    assert.equal(typeof timings.engine.warmUp, 'number');
    assert.deepEqual(await exportedReport(popup), report);
    await popup.close();
    assert.deepEqual(rangeCounts(await readHighlights(page)), paintableSpans(report));
  });

  it('reuses the page\'s annotation after a restart when the page did not change', async () => {
    await annotateFreshPage();
    await stopExtensionWorker(page, extension);
    const popup = await clickToolbarButton(browser, page, extension);
    assert.equal((await readPopup(popup)).state, 'done');
    const timings = await popup.evaluate((type) => chrome.runtime.sendMessage({ type }), TIMINGS);
    await popup.close();
    assert.equal(timings.annotation.path, 'reused');
    // Painted and styled still: the highlight styles went in once, with the first paint.
    assert.ok((await readHighlights(page))['sourcelight-quote']?.length > 0);
    assert.deepEqual(await unstyledRanges(page), []);
  });
});
