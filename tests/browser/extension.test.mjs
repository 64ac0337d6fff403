// The extension end to end, through the real activeTab path: install dist/extension in headless
// Chromium, open the reference article from a server on 127.0.0.1, click the toolbar button, read
// the popup and the page's CSS.highlights, and compare both with the CLI's report of the same file.
//
// Needs the build: dist/extension (`node extension/build.mjs` after the wasm package) and the CLI
// (`cargo build --profile native`). Overrides: SOURCELIGHT_DIST (the build output folder),
// SOURCELIGHT_CLI (the CLI binary), CHROMIUM (the browser).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import {
  ARTIFACTS,
  DIST,
  ROOT,
  collapseWhitespace,
  launchBrowser,
  serveDirectory,
  startRecordingProxy,
} from './support.mjs';

const EXTENSION_DIR = path.join(DIST, 'extension');
const CLI = path.resolve(process.env.SOURCELIGHT_CLI ?? path.join(ROOT, 'target', 'native', 'sourcelight'));
const ARTICLE_DIR = path.join(ROOT, 'tests', 'fixtures', 'seed-article');

/** The reference article's seven direct quotes, copied by hand from its text (content only). */
const DIRECT_QUOTES = [
  'different stage from where we were a year ago, when bilateral relations were at a historically low level,',
  'We also believe, and we have clearly demonstrated it, that responsible management of competition does not mean that we must renounce taking measures to protect national interests of the United States,',
  'If China wants to have friendly relations with Europe and other countries on the one hand, it cannot fuel on the other hand what is the greatest threat to European security since the end of the war “cold,',
  "More regular crackdowns by China against Chinese chemical companies and manufacturers (…) involved in illicit fentanyl supply chains would send a strong signal of “China's commitment to tackling this problem,",
  'The Chinese understand that the Biden administration is unlikely to deliver good news on the trade front because it does not fit with the election platform,',
  'the priority is to maintain the stability of relations.',
  "Until there is clarity on the next administration, I don't think they see a better strategy,",
];

/** The reference article's four photo credits, as its captions write them. */
const CREDITS = [
  '© AFP – Brendan Smialowski',
  '© AFP – Pedro Pardo',
  '© AFP – Antonin UTZ',
  '© AFP – Tiziana FABI',
];

/** A page with navigation and a form but no article text. */
const NO_ARTICLE_PAGE =
  '<!doctype html><html lang="en"><head><title>Contact</title></head><body>' +
  '<nav><a href="/">Home</a> <a href="/about">About</a></nav>' +
  '<form><label>Email <input type="email"></label></form></body></html>';

/** The report fields the popup counts, in its order. */
const COUNTED_FIELDS = ['quotes', 'speakers', 'officials', 'image_credits'];

/** The CLI's JSON report of `file`. */
async function cliReport(file) {
  const { stdout } = await promisify(execFile)(CLI, ['analyze', '--format', 'json', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

/** Sourcelight's highlights in `page` (main world): `{ name: [range text, …] }`. */
function readHighlights(page) {
  return page.evaluate(() =>
    Object.fromEntries(
      Array.from(CSS.highlights)
        .filter(([name]) => name.startsWith('sourcelight-'))
        .map(([name, highlight]) => [name, Array.from(highlight, (range) => range.toString())]),
    ),
  );
}

/**
 * Clicks the toolbar button on `page` and resolves to the popup page once it shows a result;
 * `watch(popup)` is called as soon as the popup is reachable.
 */
async function clickToolbarButton(browser, page, extension, watch) {
  const popupUrl = `chrome-extension://${extension.id}/popup.html`;
  const popupTarget = browser.waitForTarget((target) => target.url() === popupUrl, { timeout: 30_000 });
  await page.triggerExtensionAction(extension);
  const popup = await (await popupTarget).asPage();
  watch(popup);
  // Polling by time, not animation frames: a popup that is not in front may never paint one.
  await popup.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'annotating', {
    polling: 100,
    timeout: 30_000,
  });
  return popup;
}

/** What the popup shows: its status and the count per report field. */
function readPopup(popup) {
  return popup.evaluate(() => {
    const status = document.getElementById('status');
    const summary = document.getElementById('summary');
    const counts = {};
    for (const row of summary.querySelectorAll('[data-field]')) {
      counts[row.dataset.field] = Number(row.querySelector('.count').textContent);
    }
    return { state: status.dataset.state, status: status.textContent, summaryShown: !summary.hidden, counts };
  });
}

describe('extension on the reference article', { timeout: 120_000 }, () => {
  let site;
  let proxy;
  let browser;
  let extension;
  let page;
  let report;
  const articleUrl = () => `${site.origin}/source.html`;
  /** Requests of the page, the popup and the service worker that are neither loopback nor ours. */
  const foreignRequests = [];
  const consoleErrors = [];

  /** Records a request that leaves both this machine's server and the extension. */
  function watchRequest(url) {
    const allowed = url.startsWith(`${site.origin}/`) || url.startsWith(`chrome-extension://${extension.id}/`);
    if (!allowed) {
      foreignRequests.push(url);
    }
  }

  /** Records the requests and console errors of `watched` (the article's page or a popup). */
  function watch(watched) {
    watched.on('request', (request) => watchRequest(request.url()));
    watched.on('console', (message) => {
      if (message.type() === 'error') {
        consoleErrors.push(`${message.text()} (${message.location().url ?? 'no location'})`);
      }
    });
    watched.on('pageerror', (error) => consoleErrors.push(String(error)));
  }

  /** Clicks the toolbar button on the article's page (see `clickToolbarButton`). */
  const annotateArticle = () => clickToolbarButton(browser, page, extension, watch);

  before(async () => {
    assert.ok(
      existsSync(path.join(EXTENSION_DIR, 'manifest.json')),
      `no extension at ${EXTENSION_DIR}: build it first (./x build, or node extension/build.mjs)`,
    );
    assert.ok(existsSync(CLI), `no CLI at ${CLI}: build it first (cargo build --profile native)`);
    report = await cliReport(path.join(ARTICLE_DIR, 'source.html'));
    await mkdir(ARTIFACTS, { recursive: true });
    site = await serveDirectory(ARTICLE_DIR, { '/no-article.html': NO_ARTICLE_PAGE });
    proxy = await startRecordingProxy();
    browser = await launchBrowser(proxy.address);
    const id = await browser.installExtension(EXTENSION_DIR);
    const worker = await browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().startsWith(`chrome-extension://${id}/`),
    );
    const workerSession = await worker.createCDPSession();
    workerSession.on('Network.requestWillBeSent', ({ request }) => watchRequest(request.url));
    await workerSession.send('Network.enable');
    extension = (await browser.extensions()).get(id);
    page = await browser.newPage();
    watch(page);
    await page.goto(articleUrl(), { waitUntil: 'load' });
  });

  after(async () => {
    await browser?.close();
    proxy?.server.close();
    site?.server.close();
  });

  it('highlights the quotes and credits and shows the counts, leaving the DOM untouched', async () => {
    const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
    const popup = await annotateArticle();
    const shown = await readPopup(popup);
    await (await popup.$('body')).screenshot({ path: path.join(ARTIFACTS, 'popup.png') });
    await page.screenshot({ path: path.join(ARTIFACTS, 'page-full.png'), fullPage: true });
    // A close-up where the quotes start, readable at a glance.
    await page.evaluate(() => {
      const [firstQuote] = CSS.highlights.get('sourcelight-quote') ?? [];
      firstQuote?.startContainer.parentElement.scrollIntoView({ block: 'center' });
    });
    await page.screenshot({ path: path.join(ARTIFACTS, 'page.png') });

    assert.equal(shown.state, 'done', `popup says: ${shown.status}`);
    assert.ok(shown.summaryShown);
    const expectedCounts = Object.fromEntries(COUNTED_FIELDS.map((field) => [field, report[field].length]));
    assert.deepEqual(shown.counts, expectedCounts);

    const highlights = await readHighlights(page);
    const quoteRanges = (highlights['sourcelight-quote'] ?? []).map(collapseWhitespace);
    const quoteTexts = report.quotes.map((quote) => collapseWhitespace(quote.text));
    // A split quote's text joins its pieces with one space, so each range is part of one text.
    for (const range of quoteRanges) {
      assert.ok(quoteTexts.some((text) => text.includes(range)), `painted quote not in the report: ${range}`);
    }
    const spanCount = report.quotes.reduce((total, quote) => total + quote.spans.length, 0);
    assert.equal(quoteRanges.length, spanCount);
    for (const quote of DIRECT_QUOTES) {
      assert.ok(quoteRanges.includes(quote), `direct quote not painted: ${quote}`);
    }
    assert.deepEqual((highlights['sourcelight-credit'] ?? []).map(collapseWhitespace), CREDITS);

    assert.equal(await page.evaluate(() => document.documentElement.outerHTML), domBefore);
    await popup.close();
  });

  it('replaces the highlights on a second click instead of adding to them', async () => {
    const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
    const first = await readHighlights(page);
    const popup = await annotateArticle();
    assert.equal((await readPopup(popup)).state, 'done');
    assert.deepEqual(await readHighlights(page), first);
    assert.equal(await page.evaluate(() => document.documentElement.outerHTML), domBefore);
    await popup.close();
  });

  it('says so when the page has no article', async () => {
    await page.goto(`${site.origin}/no-article.html`, { waitUntil: 'load' });
    const popup = await annotateArticle();
    const shown = await readPopup(popup);
    assert.deepEqual([shown.state, shown.status, shown.summaryShown], ['no-article', 'No article found on this page', false]);
    await popup.close();
  });

  it('explains when the browser does not let it read the page', async () => {
    // A browser page: no extension may script it, activeTab or not. Not watched: its own
    // chrome:// requests are not the extension's.
    const browserPage = await browser.newPage();
    await browserPage.goto('chrome://version');
    const popup = await clickToolbarButton(browser, browserPage, extension, () => {});
    const shown = await readPopup(popup);
    assert.equal(shown.state, 'error');
    assert.match(shown.status, /^Sourcelight cannot read this page/);
    await popup.close();
    await browserPage.close();
  });

  it('logged no console error in the page or the popup', () => {
    assert.deepEqual(consoleErrors, []);
  });

  it('sent no request off 127.0.0.1', () => {
    assert.deepEqual(foreignRequests, []);
    assert.deepEqual(proxy.offMachineRequests(), []);
  });
});
