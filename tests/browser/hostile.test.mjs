// The extension on pages that fight back or overwhelm it, through the real activeTab path (as
// extension.test.mjs): pages that replace built-ins or clear the highlight registry, shadow DOM
// and frames, a page past the walk's node budget, and a trap in the wasm engine. In each the
// extension annotates what it can (or says why not), no exception reaches the page, and nothing
// leaves the machine.
//
// Needs the build (./x build). Overrides as in extension.test.mjs.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  EXTENSION_DIR,
  FILLER,
  ROOT,
  articlePage,
  clickToolbarButton,
  exportedReport,
  launchWithExtension,
  readPopup,
  serveDirectory,
} from './support.mjs';

/** The quote every test page holds in its light DOM, and who says it. */
const QUOTE = 'We will open the new library before the end of the year';
const SPEAKER = 'Maria Lopez';
const STORY = [`“${QUOTE},” said ${SPEAKER}, the city librarian.`, ...FILLER];

/** Quotes in places the snapshot does not enter (see content.js), and their speakers. */
const SHADOW_SPEAKER = 'Peter Olsen';
const FRAME_SPEAKER = 'Anna Berg';
const harbourQuote = (speaker) => `“The harbour will stay open all winter,” said ${speaker}, the harbour master.`;

/**
 * Records, in the page, every error its window sees (`window.pageErrors`). First in the page and
 * written without the built-ins the pages below replace.
 */
const ERROR_RECORDER = `<script>
  window.pageErrors = [];
  addEventListener('error', (event) => { pageErrors[pageErrors.length] = String(event.message); });
  addEventListener('unhandledrejection', (event) => { pageErrors[pageErrors.length] = String(event.reason); });
</script>`;

/** A page that replaces the built-ins a content script would use if it shared the page's world. */
const CLOBBERING_PAGE = articlePage(
  'Library to open in the autumn',
  STORY,
  `${ERROR_RECORDER}<script>
    const broken = (name) => function () { throw new Error(name + ' is clobbered'); };
    Array.prototype.push = broken('Array.prototype.push');
    Array.prototype.map = broken('Array.prototype.map');
    Array.from = broken('Array.from');
    JSON.stringify = broken('JSON.stringify');
    JSON.parse = broken('JSON.parse');
    Node.prototype.appendChild = broken('Node.prototype.appendChild');
    Node.prototype.insertBefore = broken('Node.prototype.insertBefore');
  </script>`,
);

/** A page that clears `CSS.highlights` every 300 ms once ours appear, counting in `clears`. */
const CLEARING_PAGE = articlePage(
  'Library to open in the autumn',
  STORY,
  `${ERROR_RECORDER}<script>
    window.clears = 0;
    const waitForOurs = setInterval(() => {
      if (!CSS.highlights.has('sourcelight-quote')) return;
      clearInterval(waitForOurs);
      setInterval(() => {
        CSS.highlights.clear();
        clears += 1;
      }, 300);
    }, 20);
  </script>`,
);

/** An article with a quote in an open shadow root and another in a same-origin iframe. */
const SHADOW_AND_FRAME_PAGE = articlePage(
  'Library to open in the autumn',
  STORY,
  ERROR_RECORDER,
  `<div id="host"><template shadowrootmode="open"><p>${harbourQuote(SHADOW_SPEAKER)}</p></template></div>` +
    '<iframe id="frame" src="/framed.html"></iframe>',
);

/** The iframe's document: an article of its own. */
const FRAMED_PAGE = articlePage('Harbour news', [harbourQuote(FRAME_SPEAKER), ...FILLER]);

/** A page whose whole article is inside an open shadow root: skipped, so no article. */
const SHADOW_ONLY_PAGE =
  '<!doctype html><html lang="en"><head><title>Harbour news</title></head><body><div id="host">' +
  `<template shadowrootmode="open"><article>${[harbourQuote(SHADOW_SPEAKER), ...FILLER].map((text) => `<p>${text}</p>`).join('')}</article></template>` +
  '</div></body></html>';

/** Empty elements after the article: more than the walk's node budget (300,000) on their own. */
const PAST_BUDGET_ELEMENTS = 320_000;

/** The article, then enough elements to exceed the node budget. */
const HUGE_PAGE = articlePage('Library to open in the autumn', STORY, '<i></i>'.repeat(PAST_BUDGET_ELEMENTS));

/** A wasm module whose export `trap` executes `unreachable`: a real trap, as a panic makes. */
const TRAP_MODULE = [
  [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
  [0x01, 0x04, 0x01, 0x60, 0x00, 0x00],
  [0x03, 0x02, 0x01, 0x00],
  [0x07, 0x08, 0x01, 0x04, ...Buffer.from('trap'), 0x00, 0x00],
  [0x0a, 0x05, 0x01, 0x03, 0x00, 0x00, 0x0b],
].flat();

/**
 * Evaluates `expression` in a new isolated world of `page`'s main frame and returns its value:
 * on pages that replace built-ins, the test's own reads must not go through the page's.
 */
async function evaluateIsolated(page, expression) {
  const session = await page.createCDPSession();
  try {
    const { frameTree } = await session.send('Page.getFrameTree');
    const { executionContextId } = await session.send('Page.createIsolatedWorld', {
      frameId: frameTree.frame.id,
      worldName: 'sourcelight-test',
    });
    const { result, exceptionDetails } = await session.send('Runtime.evaluate', {
      expression,
      contextId: executionContextId,
      returnByValue: true,
      awaitPromise: true,
    });
    assert.equal(exceptionDetails, undefined, exceptionDetails?.exception?.description);
    return result.value;
  } finally {
    await session.detach();
  }
}

/** The text of each range of our highlights, by name, read from an isolated world. */
const readHighlightsIsolated = (page) =>
  evaluateIsolated(
    page,
    `Object.fromEntries(Array.from(CSS.highlights)
      .filter(([name]) => name.startsWith('sourcelight-'))
      .map(([name, highlight]) => [name, Array.from(highlight, String)]))`,
  );

describe('extension on hostile pages', { timeout: 170_000 }, () => {
  let site;
  let browser;
  let proxy;
  let extension;
  let workerRequests;
  let page;
  /** Exceptions the pages and popups reported (uncaught errors in any of their scripts). */
  const uncaught = [];

  /** Clicks the toolbar button on the test page, recording the popup's uncaught errors. */
  const annotate = () =>
    clickToolbarButton(browser, page, extension, (popup) => popup.on('pageerror', (error) => uncaught.push(String(error))));

  /** Loads `pathname` from the test server into the test page. */
  const open = (pathname) => page.goto(`${site.origin}${pathname}`, { waitUntil: 'load', timeout: 60_000 });

  const outerHtml = () => evaluateIsolated(page, 'document.documentElement.outerHTML');

  before(async () => {
    // Only the pages below: anything else they ask for gets an empty answer.
    site = await serveDirectory(path.join(ROOT, 'tests', 'fixtures'), {
      pages: {
        '/clobbering.html': CLOBBERING_PAGE,
        '/clearing.html': CLEARING_PAGE,
        '/shadow-and-frame.html': SHADOW_AND_FRAME_PAGE,
        '/framed.html': FRAMED_PAGE,
        '/shadow-only.html': SHADOW_ONLY_PAGE,
        '/huge.html': HUGE_PAGE,
      },
    });
    ({ browser, proxy, extension, workerRequests } = await launchWithExtension());
    page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 800 });
    page.on('pageerror', (error) => uncaught.push(String(error)));
  });

  after(async () => {
    await browser?.close();
    proxy?.server.close();
    site?.server.close();
  });

  it('annotates a page that replaced Array, JSON and appendChild, and shows the card there', async () => {
    await open('/clobbering.html');
    const domBefore = await outerHtml();
    const popup = await annotate();
    assert.equal((await readPopup(popup)).state, 'done');
    const highlights = await readHighlightsIsolated(page);
    assert.ok(highlights['sourcelight-quote']?.some((text) => text.startsWith(QUOTE)), JSON.stringify(highlights));
    assert.ok(highlights['sourcelight-speaker']?.includes(SPEAKER), JSON.stringify(highlights));
    assert.equal(await outerHtml(), domBefore);
    // "Show on page" pins the hover card: the content script appends its host element itself.
    await popup.click('button.item[data-category="speaker"][data-item="0"]');
    await page.waitForSelector('sourcelight-card', { timeout: 5000 });
    assert.equal(await page.evaluate(() => window.pageErrors.length), 0);
    await popup.close();
  });

  it('registers its highlights again when the page clears CSS.highlights', async () => {
    await open('/clearing.html');
    const popup = await annotate();
    assert.equal((await readPopup(popup)).state, 'done');
    await popup.close();
    // Back after the page cleared them, on the content script's own check.
    await page.waitForFunction(() => window.clears >= 2 && CSS.highlights.has('sourcelight-quote'), {
      polling: 20,
      timeout: 10_000,
    });
    // And at once when the popup opens again (it reuses the page's annotation).
    const again = await annotate();
    assert.equal((await readPopup(again)).state, 'done');
    const shown = await page.evaluate(() => ({ clears: window.clears, errors: window.pageErrors }));
    assert.ok(shown.clears >= 2, `the page cleared the registry ${shown.clears} time(s)`);
    assert.deepEqual(shown.errors, []);
    await again.close();
  });

  it('annotates the light DOM and skips shadow roots and iframes', async () => {
    await open('/shadow-and-frame.html');
    const before = await page.evaluate(() => ({
      shadow: document.getElementById('host').shadowRoot.innerHTML,
      framed: document.getElementById('frame').contentDocument.documentElement.outerHTML,
    }));
    const domBefore = await outerHtml();
    const popup = await annotate();
    assert.equal((await readPopup(popup)).state, 'done');
    const speakers = (await exportedReport(popup)).speakers.map((speaker) => speaker.name);
    assert.ok(speakers.includes(SPEAKER), speakers.join(', '));
    assert.ok(!speakers.includes(SHADOW_SPEAKER) && !speakers.includes(FRAME_SPEAKER), speakers.join(', '));
    const painted = await page.evaluate(() => ({
      allInDocument: Array.from(CSS.highlights)
        .filter(([name]) => name.startsWith('sourcelight-'))
        .every(([, highlight]) => Array.from(highlight).every((range) => range.startContainer.getRootNode() === document)),
      frameRegistry: document.getElementById('frame').contentWindow.CSS.highlights.size,
      shadow: document.getElementById('host').shadowRoot.innerHTML,
      framed: document.getElementById('frame').contentDocument.documentElement.outerHTML,
      errors: window.pageErrors,
    }));
    assert.deepEqual(painted, { allInDocument: true, frameRegistry: 0, ...before, errors: [] });
    assert.equal(await outerHtml(), domBefore);
    await popup.close();

    await open('/shadow-only.html');
    const shadowOnly = await annotate();
    assert.equal((await readPopup(shadowOnly)).state, 'no-article');
    await shadowOnly.close();
  });

  it('annotates the beginning of a page past the node budget and says so', async () => {
    await open('/huge.html');
    const popup = await annotate();
    const shown = await readPopup(popup);
    assert.equal(shown.state, 'done', shown.status);
    const note = await popup.$eval('#partial', (element) => ({ hidden: element.hidden, text: element.textContent }));
    assert.deepEqual(note, { hidden: false, text: 'This page is very large: only its first part was annotated.' });
    const report = await exportedReport(popup);
    assert.equal(report.truncated, true);
    assert.deepEqual(report.speakers.map((speaker) => speaker.name), [SPEAKER]);
    assert.ok((await evaluateIsolated(page, `CSS.highlights.get('sourcelight-quote')?.size ?? 0`)) > 0);
    await popup.close();
  });

  it('shows an error, paints nothing and recovers when the engine traps', async () => {
    const workerTarget = browser
      .targets()
      .find((target) => target.type() === 'service_worker' && target.url().startsWith(`chrome-extension://${extension.id}/`));
    const worker = await workerTarget.worker();
    await open('/clobbering.html');
    const domBefore = await outerHtml();
    // No input makes the engine panic (the fuzzing's point), so the trap is brought in: the
    // engine call's next text argument, copied into wasm memory by the wasm-bindgen glue
    // (`encodeInto`, for the whole text: see scripts/glue.mjs), runs a real wasm `unreachable`. The
    // call then fails with the `WebAssembly.RuntimeError` a panic gives (`panic = "abort"`);
    // from inside the engine, imports are wrapped and would turn it into an ordinary error. Later
    // calls encode normally. New instances are counted, to see the engine replaced after the trap.
    await worker.evaluate((bytes) => {
      const { trap } = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(bytes))).exports;
      const { encodeInto } = TextEncoder.prototype;
      TextEncoder.prototype.encodeInto = function trapOnce() {
        TextEncoder.prototype.encodeInto = encodeInto;
        trap();
      };
      globalThis.instancesMade = 0;
      const { Instance } = WebAssembly;
      WebAssembly.Instance = new Proxy(Instance, {
        construct(target, args) {
          globalThis.instancesMade += 1;
          return Reflect.construct(target, args);
        },
      });
    }, TRAP_MODULE);
    const popup = await annotate();
    const shown = await readPopup(popup);
    assert.equal(shown.state, 'error');
    assert.match(shown.status, /^Sourcelight’s analysis failed on this page/);
    assert.deepEqual(await readHighlightsIsolated(page), {});
    assert.equal(await outerHtml(), domBefore);

    await popup.click('#retry');
    await popup.waitForFunction(() => document.getElementById('status').dataset.state !== 'annotating');
    assert.equal((await readPopup(popup)).state, 'done');
    assert.ok((await readHighlightsIsolated(page))['sourcelight-quote']?.length > 0);
    const glue = await readFile(path.join(EXTENSION_DIR, 'pkg', 'sourcelight.js'), 'utf8');
    if (glue.includes('export function __wbg_reset_state')) {
      assert.equal(await worker.evaluate(() => globalThis.instancesMade), 1);
    }
    assert.deepEqual(await page.evaluate(() => window.pageErrors), []);
    await popup.close();
  });

  it('raised no uncaught exception and sent no request off 127.0.0.1', () => {
    assert.deepEqual(uncaught, []);
    assert.deepEqual(workerRequests.filter((url) => !url.startsWith(`chrome-extension://${extension.id}/`)), []);
    assert.deepEqual(proxy.offMachineRequests(), []);
  });
});
