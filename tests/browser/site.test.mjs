// The static site (dist/www, built by www/build.mjs) in headless Chromium: the landing page, the
// live demo on the reference article, and the playground on an uploaded saved page and on pasted
// text. Checks that the site runs the extension's pipeline (highlights in the frame, the
// popup's summary), agrees with the CLI, logs no console errors, works at a phone's width and in
// dark mode, and that no request leaves 127.0.0.1. Screenshots go to tests/browser/artifacts/.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  ARTIFACTS,
  DIST,
  ROOT,
  cliReport,
  closedShadowText,
  launchBrowser,
  serveDirectory,
  startRecordingProxy,
} from './support.mjs';

const SITE = path.join(DIST, 'www');
const SEED_ARTICLE = path.join(ROOT, 'tests', 'fixtures', 'seed-article');
const UPLOADED_PAGE = path.join(ROOT, 'tests', 'fixtures', 'pages', 'nytimes-1', 'source.html');
/** The largest fixture page (1.5 MB), for responsiveness. */
const LARGE_PAGE = path.join(ROOT, 'tests', 'fixtures', 'pages', 'cnn-1', 'source.html');

/** The four report lists, by paint category. */
const LISTS = { quote: 'quotes', speaker: 'speakers', official: 'officials', credit: 'image_credits' };

/** How long one page may take to annotate (the engine compiles, then runs once). */
const ANNOTATION_TIMEOUT_MS = 15_000;

/** `{ quotes: n, speakers: n, … }` of a report. */
function counts(report) {
  return Object.fromEntries(Object.values(LISTS).map((field) => [field, report[field].length]));
}

/** Whether `url` is on this machine (the test server, or a page-local scheme). */
function isLocal(url) {
  return /^(http:\/\/127\.0\.0\.1[:/]|data:|blob:|about:)/.test(url);
}

/**
 * Whether a console error is the playground refusing something the shown page (whose HTML is
 * `pageSource`) asked for, on purpose: the sandbox refusing its scripts, the policy refusing
 * its off-site resources, or this site's server not having a file the page names by a relative
 * URL (Chromium's preload scanner asks for scripts even in a sandbox; they stay on 127.0.0.1).
 */
function isExpectedRefusal({ text, url }, pageSource) {
  if (/^Blocked script execution in 'about:srcdoc' because the document's frame is sandboxed/.test(text)) {
    return true;
  }
  const refused = /^(?:Loading|Fetching content from|Framing|Connecting to) (?:the \w+ )?'([^']+)' violates the following Content Security Policy/.exec(text);
  if (refused !== null) {
    return !isLocal(refused[1]);
  }
  if (/^Failed to load resource: the server responded with a status of 404/.test(text) && url) {
    return pageSource.includes(new URL(url).pathname);
  }
  return false;
}

/**
 * Opens a page that records its console errors and every request that is not local, with
 * whether the page's policy refused it before it was sent.
 */
async function openPage(browser, { width = 1280, height = 900, dark = false } = {}) {
  const page = await browser.newPage();
  await page.setViewport({ width, height });
  if (dark) {
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
  }
  const record = { errors: [], remote: new Map() };
  page.on('console', (message) => {
    if (message.type() === 'error') {
      record.errors.push({ text: message.text(), url: message.location()?.url });
    }
  });
  page.on('pageerror', (error) => record.errors.push({ text: `page error: ${error.message}` }));
  // Through the protocol rather than page.on('request'): only its loadingFailed event says
  // whether the page's policy refused a request before it was sent (blockedReason 'csp').
  const network = await page.createCDPSession();
  network.on('Network.requestWillBeSent', ({ requestId, request }) => {
    if (!isLocal(request.url)) {
      record.remote.set(requestId, { url: request.url, outcome: 'sent' });
    }
  });
  network.on('Network.loadingFailed', ({ requestId, blockedReason, errorText }) => {
    const remote = record.remote.get(requestId);
    if (remote !== undefined) {
      remote.outcome = blockedReason === 'csp' ? 'refused' : `failed: ${blockedReason ?? errorText}`;
    }
  });
  await network.send('Network.enable');
  return { page, record };
}

/**
 * Records every text of the page's status line in `globalThis.statusHistory`, to check the
 * progress steps were shown. Installed after load, from the test's own world: a script added to
 * every new document would also be refused in the playground's sandboxed frame.
 */
function recordStatus(page) {
  return page.evaluate(() => {
    globalThis.statusHistory = [];
    const status = document.getElementById('status');
    new MutationObserver(() => globalThis.statusHistory.push(status.textContent)).observe(status, {
      childList: true,
      characterData: true,
      subtree: true,
    });
  });
}

/** Asserts that no remote request was sent: each one was refused by the page's policy. */
function assertNothingLeft(record, what) {
  const sent = [...record.remote.values()].filter(({ outcome }) => outcome !== 'refused');
  assert.deepEqual(
    sent.map(({ url, outcome }) => `${url} (${outcome})`),
    [],
    `${what}: requests that left 127.0.0.1`,
  );
}

/** The names and sizes of Sourcelight's highlights in the frame `#page` of `page`. */
function frameHighlights(page) {
  return page.$eval('#page', (frame) => {
    const registry = frame.contentWindow.CSS.highlights;
    return Object.fromEntries(
      Array.from(registry.keys())
        .filter((name) => name.startsWith('sourcelight-'))
        .map((name) => [name.slice('sourcelight-'.length), registry.get(name).size]),
    );
  });
}

/** Number of spans of each category in a report (an upper bound of what can be painted). */
function spanCounts(report) {
  const spans = (list, key) => list.reduce((sum, item) => sum + item[key].length, 0);
  return {
    quote: spans(report.quotes, 'spans'),
    speaker: spans(report.speakers, 'mentions'),
    official: spans(report.officials, 'mentions'),
    credit: spans(report.image_credits, 'spans'),
  };
}

/** Whether the page is wider than its viewport (horizontal scrolling on a phone). */
function overflowsHorizontally(page) {
  return page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
}

describe('site', { timeout: 60_000 }, () => {
  let proxy;
  let browser;
  let origin;
  let server;

  before(async () => {
    assert.ok(existsSync(path.join(SITE, 'index.html')), `${SITE} is missing: run ./x build first`);
    await mkdir(ARTIFACTS, { recursive: true });
    ({ server, origin } = await serveDirectory(SITE, { missingStatus: 404 }));
    proxy = await startRecordingProxy();
    browser = await launchBrowser(proxy.address);
  });

  after(async () => {
    await browser?.close();
    server?.close();
    proxy?.server.close();
  });

  it('landing page: what it does, the categories, install, privacy, the CLI; fits a phone', async () => {
    const { page, record } = await openPage(browser);
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    const text = await page.$eval('main', (main) => main.textContent);
    for (const expected of ['Quotes', 'Speakers', 'Officials', 'Photo credits', 'Load unpacked', 'Nothing leaves your browser', 'sourcelight analyze --format text page.html']) {
      assert.ok(text.includes(expected), `landing page mentions "${expected}"`);
    }
    const samples = await page.evaluate(() => Array.from(CSS.highlights.keys()).sort());
    assert.deepEqual(samples, ['sourcelight-credit', 'sourcelight-official', 'sourcelight-quote', 'sourcelight-speaker']);
    for (const link of await page.$$eval('a[href]', (links) => links.map((a) => a.href))) {
      assert.ok(isLocal(link), `landing page links only to this site: ${link}`);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'site-landing.png'), fullPage: true });

    await page.setViewport({ width: 375, height: 800 });
    assert.equal(await overflowsHorizontally(page), false, 'landing page fits 375px');
    await page.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.equal(background, 'rgb(20, 20, 23)', 'dark mode');
    await page.screenshot({ path: path.join(ARTIFACTS, 'site-landing-phone-dark.png'), fullPage: true });

    assert.deepEqual(record.errors, [], 'console errors');
    assertNothingLeft(record, 'landing page');
    await page.close();
  });

  it('demo: the reference article highlighted in four categories, with the summary', async () => {
    const expected = await cliReport(path.join(SEED_ARTICLE, 'source.html'));
    const { page, record } = await openPage(browser);
    await page.goto(`${origin}/demo/`, { waitUntil: 'load' });
    await page.waitForSelector('body[data-annotated]', { timeout: ANNOTATION_TIMEOUT_MS });

    const highlights = await frameHighlights(page);
    const bound = spanCounts(expected);
    for (const category of Object.keys(LISTS)) {
      assert.ok(highlights[category] > 0, `${category} is painted`);
      assert.ok(highlights[category] <= bound[category], `${category}: at most one range per span`);
    }
    const summary = await page.$eval('#summary', (element) => element.textContent);
    for (const speaker of expected.speakers) {
      assert.ok(summary.includes(speaker.name), `summary names speaker ${speaker.name}`);
    }
    const chipCounts = await page.$$eval('#summary .chip', (chips) =>
      Object.fromEntries(chips.map((chip) => [chip.dataset.field, Number(chip.querySelector('.count').textContent)])),
    );
    assert.deepEqual(chipCounts, counts(expected), 'summary counts agree with the CLI');

    // Hover card: the pointer on a painted quote shows the card inside the frame.
    const point = await page.$eval('#page', (frame) => {
      const win = frame.contentWindow;
      const [range] = win.CSS.highlights.get('sourcelight-quote');
      range.startContainer.parentElement.scrollIntoView({ block: 'center' });
      const rect = range.getClientRects()[0];
      const box = frame.getBoundingClientRect();
      return { x: box.left + rect.left + Math.min(10, rect.width / 2), y: box.top + rect.top + rect.height / 2 };
    });
    // Approached in steps, as a hand would: the first event into the frame only enters it.
    await page.mouse.move(point.x - 30, point.y);
    await page.mouse.move(point.x, point.y, { steps: 3 });
    await page.waitForFunction(() => document.getElementById('page').contentDocument.querySelector('sourcelight-card') !== null, {
      timeout: 2000,
    });

    // Click-to-scroll: the first speaker's button scrolls the article and flashes the mention,
    // with its hover card, so that keyboard users read it too.
    const panel = await page.$eval('#summary', (summary) => summary.getBoundingClientRect().toJSON());
    await page.mouse.move(panel.left + 5, panel.top + 5, { steps: 3 });
    await page.waitForFunction(() => document.getElementById('page').contentDocument.querySelector('sourcelight-card') === null, {
      timeout: 2000,
    });
    const before = await page.$eval('#page', (frame) => {
      frame.contentWindow.scrollTo(0, 0);
      return frame.contentWindow.scrollY;
    });
    const speakerButton = await page.$('#summary button.item[data-category="speaker"]');
    await speakerButton.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(
      () => document.getElementById('page').contentWindow.CSS.highlights.has('sourcelight-flash'),
      { timeout: 2000 },
    );
    await page.waitForFunction((start) => document.getElementById('page').contentWindow.scrollY !== start, {}, before);
    const speakerName = await speakerButton.evaluate((button) => button.textContent);
    const card = await closedShadowText(page, 'sourcelight-card');
    assert.equal(card.text.length, 1, 'one card line');
    assert.ok(card.text[0].startsWith(`Speaker — ${speakerName}`), `revealed item's card: ${card.text[0]}`);

    // Toggle: the quotes chip hides the quotes.
    await page.click('#summary .chip[data-category="quote"]');
    assert.equal((await frameHighlights(page)).quote, undefined, 'quotes hidden');
    await page.click('#summary .chip[data-category="quote"]');
    assert.ok((await frameHighlights(page)).quote > 0, 'quotes shown again');

    await page.screenshot({ path: path.join(ARTIFACTS, 'site-demo.png') });
    await page.setViewport({ width: 375, height: 800 });
    assert.equal(await overflowsHorizontally(page), false, 'demo fits 375px');
    await page.screenshot({ path: path.join(ARTIFACTS, 'site-demo-phone.png'), fullPage: true });

    assert.deepEqual(record.errors, [], 'console errors');
    assertNothingLeft(record, 'demo');
    await page.close();
  });

  it('playground: an uploaded saved page gets the same counts as the CLI, with no request leaving', async (t) => {
    const expected = await cliReport(UPLOADED_PAGE);
    const { page, record } = await openPage(browser);
    await page.goto(`${origin}/playground/`, { waitUntil: 'load' });
    await recordStatus(page);
    const input = await page.$('#file');
    await input.uploadFile(UPLOADED_PAGE);
    await page.waitForSelector('body[data-annotated]', { timeout: ANNOTATION_TIMEOUT_MS });

    const chipCounts = await page.$$eval('#summary .chip', (chips) =>
      Object.fromEntries(chips.map((chip) => [chip.dataset.field, Number(chip.querySelector('.count').textContent)])),
    );
    assert.deepEqual(chipCounts, counts(expected), 'same counts as the CLI');
    const history = await page.evaluate(() => globalThis.statusHistory);
    for (const step of ['Parsing…', 'Finding the article…', 'Painting…']) {
      assert.ok(history.includes(step), `progress shows "${step}"`);
    }
    const highlights = await frameHighlights(page);
    assert.ok(Object.keys(highlights).length > 0, 'the uploaded page is painted');
    const scriptsRan = await page.$eval('#page', (frame) => frame.contentWindow.document.querySelectorAll('script').length > 0 && frame.sandbox.contains('allow-scripts'));
    assert.equal(scriptsRan, false, 'the page is shown without its scripts');

    // Export JSON: the report in the CLI's schema.
    const exported = await page.$eval('#export', async (link) => (await fetch(link.href)).json());
    assert.deepEqual(counts(exported), counts(expected), 'exported report');
    assert.equal(exported.version, expected.version);
    await page.screenshot({ path: path.join(ARTIFACTS, 'site-playground-upload.png') });

    // A second, large page replaces the first; the page stays responsive meanwhile.
    await page.evaluate(() => {
      globalThis.longestTask = 0;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          globalThis.longestTask = Math.max(globalThis.longestTask, entry.duration);
        }
      }).observe({ type: 'longtask' });
      globalThis.statusHistory.length = 0;
      delete document.body.dataset.annotated;
    });
    await input.uploadFile(LARGE_PAGE);
    await page.waitForSelector('body[data-annotated]', { timeout: ANNOTATION_TIMEOUT_MS });
    const largeHistory = await page.evaluate(() => globalThis.statusHistory);
    for (const step of ['Parsing…', 'Finding the article…', 'Painting…']) {
      assert.ok(largeHistory.includes(step), `large page: progress shows "${step}"`);
    }
    assert.match(largeHistory.at(-1), /^\d+ quotes?, /, 'large page annotated');
    t.diagnostic(`large page: longest main-thread task ${Math.round(await page.evaluate(() => globalThis.longestTask))} ms`);

    const pageSources = (await Promise.all([UPLOADED_PAGE, LARGE_PAGE].map((file) => readFile(file, 'utf8')))).join('\n');
    assert.deepEqual(record.errors.filter((error) => !isExpectedRefusal(error, pageSources)), [], 'console errors');
    assert.ok(record.remote.size > 0, 'the uploaded pages do name remote resources (the check is not vacuous)');
    assertNothingLeft(record, 'playground');
    await page.close();
  });

  it('playground: pasted text is annotated and shown with the summary', async () => {
    const text = await readFile(path.join(SEED_ARTICLE, 'article.txt'), 'utf8');
    const { page, record } = await openPage(browser, { width: 375, height: 800, dark: true });
    await page.goto(`${origin}/playground/`, { waitUntil: 'load' });
    // Set at once: typing a whole article key by key would take most of the test's time.
    await page.$eval('#source', (area, value) => {
      area.value = value;
    }, text);
    await page.click('#annotate');
    await page.waitForSelector('body[data-annotated]', { timeout: ANNOTATION_TIMEOUT_MS });
    const summary = await page.$eval('#summary', (element) => element.textContent);
    assert.ok(summary.includes('Antony Blinken'), 'summary names the main speaker');
    const quotes = await page.$eval('#summary .chip[data-category="quote"] .count', (count) => Number(count.textContent));
    assert.ok(quotes > 0, 'quotes found in pasted text');
    assert.equal(await overflowsHorizontally(page), false, 'playground fits 375px');
    await page.screenshot({ path: path.join(ARTIFACTS, 'site-playground-text-phone-dark.png'), fullPage: true });
    assert.deepEqual(record.errors, [], 'console errors');
    assertNothingLeft(record, 'playground (text)');
    await page.close();
  });

  it('benchmark page: linked from the landing page, runs the engine and prints numbers', async () => {
    const { page, record } = await openPage(browser);
    await page.goto(`${origin}/`, { waitUntil: 'load' });
    await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('footer a[href="bench/"]')]);
    await page.waitForFunction(() => document.getElementById('status').textContent.startsWith('Ready'), {
      timeout: ANNOTATION_TIMEOUT_MS,
    });
    await page.$eval('#runs', (input) => {
      input.value = '3';
    });
    await page.click('#run');
    await page.waitForSelector('body[data-benchmarked]', { timeout: ANNOTATION_TIMEOUT_MS });
    const rows = await page.$$eval('#results tbody tr', (trs) =>
      trs.map((tr) => [tr.dataset.benchmark, ...Array.from(tr.cells, (cell) => cell.textContent)]),
    );
    assert.deepEqual(rows.map(([name]) => name), ['analyzeText', 'annotateSnapshot']);
    for (const [name, , input, runs, median, max, throughput] of rows) {
      // Numbers only, never their values: wall-clock time depends on the machine.
      assert.match(input, /^\d+\.\d KB /, name);
      assert.equal(runs, '3', name);
      for (const value of [median, max, throughput]) {
        assert.ok(Number.isFinite(Number(value)) && Number(value) >= 0, `${name}: ${value}`);
      }
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'site-bench.png') });
    assert.deepEqual(record.errors, [], 'console errors');
    assertNothingLeft(record, 'benchmark page');
    await page.close();
  });

  it('sends nothing off the machine (recording proxy)', () => {
    assert.deepEqual(proxy.offMachineRequests(), []);
  });
});
