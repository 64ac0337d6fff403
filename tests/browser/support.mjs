// Shared pieces of the browser tests: a static file server on 127.0.0.1, a recording proxy that
// catches every request leaving loopback, and the one way Chromium is launched here.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import puppeteer from 'puppeteer-core';

/** The repository root. */
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The build output: dist/, or SOURCELIGHT_DIST (to test a build made elsewhere). */
export const DIST = path.resolve(process.env.SOURCELIGHT_DIST ?? path.join(ROOT, 'dist'));

/** Where screenshots go (git-ignored). */
export const ARTIFACTS = path.join(ROOT, 'tests', 'browser', 'artifacts');

/** Content types by extension; wasm must be `application/wasm` for streaming compilation. */
const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.jpg': 'image/jpeg',
  '.png': 'image/png',
  '.zip': 'application/zip',
};

/**
 * The policy saved news pages are served with: their own scripts would rewrite the DOM after
 * load (and the CLI reads the saved bytes), so they are kept from running, which is also the
 * strictest CSP a page can have; and nothing they name leaves the machine (images, fonts on the
 * web are refused before any request).
 */
export const SAVED_PAGE_CSP = "script-src 'none'; default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:";

/** Listens on a random port of 127.0.0.1; resolves to the server and its base URL. */
function listenOnLoopback(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      resolve({ server, origin: `http://127.0.0.1:${server.address().port}` });
    });
  });
}

/**
 * Serves the files under `dir` as a static web server does (GET only, a directory answers with
 * its index.html, no listing, nothing outside `dir`), plus any `pages` given as
 * `{ '/path': html }`; `headers(pathname)` adds response headers (a CSP, say). A missing file
 * gets `missingStatus`: an empty 204 by default, so that a saved page's absent images and
 * stylesheets do not fill the console with errors no extension caused; 404 where every file
 * asked for must exist (the site's own). Resolves to `{ server, origin }`.
 */
export async function serveDirectory(dir, { pages = {}, headers = () => ({}), missingStatus = 204 } = {}) {
  const server = createServer(async (request, response) => {
    const pathname = decodeURIComponent(new URL(request.url, 'http://127.0.0.1').pathname);
    if (pages[pathname] !== undefined) {
      response.writeHead(200, { 'content-type': CONTENT_TYPES['.html'], ...headers(pathname) });
      response.end(pages[pathname]);
      return;
    }
    let file = path.join(dir, pathname);
    if (request.method !== 'GET' || (file !== dir && !file.startsWith(dir + path.sep))) {
      response.writeHead(404).end();
      return;
    }
    try {
      if ((await stat(file)).isDirectory()) {
        file = path.join(file, 'index.html');
      }
      const body = await readFile(file);
      response.writeHead(200, {
        'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
        ...headers(pathname),
      });
      response.end(body);
    } catch {
      response.writeHead(missingStatus).end();
    }
  });
  return listenOnLoopback(server);
}

/**
 * Hosts of Chromium's own background services (on-demand component updates, Google account
 * cookies, network time), which the browser calls at start-up whatever the launch flags say.
 * They are refused by the proxy like everything else; they are told apart only because they are
 * not the page's or the extension's doing (which the tests check per target as well).
 */
const BROWSER_SERVICE_HOST = /(^|\.)(google\.com|googleapis\.com)$/;

/**
 * An HTTP proxy that refuses everything and records what was asked. Chromium is pointed at it,
 * so any request for a non-loopback address (from a page, the extension's service worker or the
 * browser itself) lands here and never leaves the machine; loopback traffic bypasses proxies in
 * Chromium. `offMachineRequests()` lists the recorded requests other than the browser's own
 * services.
 */
export async function startRecordingProxy() {
  const requests = [];
  const server = createServer((request, response) => {
    requests.push({ request: `${request.method} ${request.url}`, host: new URL(request.url).hostname });
    response.writeHead(403).end();
  });
  server.on('connect', (request, socket) => {
    requests.push({ request: `CONNECT ${request.url}`, host: request.url.replace(/:\d+$/, '') });
    // A CONNECT socket is ours to look after: the browser may reset it (ECONNRESET) while or
    // after it is refused, and an unhandled socket error would end the test process.
    socket.on('error', () => {});
    socket.end('HTTP/1.1 403 Forbidden\r\n\r\n');
  });
  const { origin } = await listenOnLoopback(server);
  return {
    server,
    address: origin.replace('http://', ''),
    offMachineRequests: () =>
      requests.filter(({ host }) => !BROWSER_SERVICE_HOST.test(host)).map(({ request }) => request),
  };
}

/**
 * Launches the system Chromium headless with extensions enabled, all traffic via `proxy`. With
 * `detachedWorkers`, DevTools stays off service workers: a worker it is attached to is paused
 * when it starts again after being stopped, waiting for a debugger that never resumes it, so
 * tests of the worker's restart need it detached (and cannot watch the worker's requests).
 */
export function launchBrowser(proxy, { detachedWorkers = false } = {}) {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    pipe: true,
    enableExtensions: true,
    ...(detachedWorkers ? { targetFilter: (target) => target.type() !== 'service_worker' } : {}),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      `--proxy-server=http://${proxy}`,
    ],
  });
}

/**
 * A news page: a header, then an article titled `title` whose story is `paragraphs` (each a
 * string of page text, already HTML-escaped) followed by the markup `inStory`, then the markup
 * `after` (a script, say) at the end of the body.
 */
export function articlePage(title, paragraphs, after = '', inStory = '') {
  return (
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title></head><body>` +
    `<header><nav><a href="/">Home</a></nav></header><main><article><h1>${title}</h1>` +
    `<div id="story">${paragraphs.map((text) => `<p>${text}</p>`).join('')}${inStory}</div>` +
    `</article></main>${after}</body></html>`
  );
}

/** Filler so that the article finder sees a real article. */
export const FILLER = [
  'The city council met on Tuesday evening to discuss the budget for the coming year, which includes new spending on roads, schools and the harbour.',
  'Residents filled the hall and many waited more than an hour to speak during the public comment period, which ran late into the night.',
  'A final vote on the budget is expected next month, after a second round of hearings in each of the five districts of the city.',
];

/** `text` with every run of whitespace made one space, trimmed. */
export function collapseWhitespace(text) {
  return text.replace(/\s+/g, ' ').trim();
}

/** The unpacked Chromium extension under test. */
export const EXTENSION_DIR = path.join(DIST, 'extension');

/** The CLI whose report is the reference (SOURCELIGHT_CLI overrides). */
export const CLI = path.resolve(process.env.SOURCELIGHT_CLI ?? path.join(ROOT, 'target', 'native', 'sourcelight'));

/** The CLI's JSON report of `file`. */
export async function cliReport(file) {
  const { stdout } = await promisify(execFile)(CLI, ['analyze', '--format', 'json', file], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(stdout);
}

/**
 * Launches Chromium with dist/extension installed, its service worker activated. Resolves to
 * `{ browser, proxy, extension, workerRequests }`, `workerRequests` every URL the service worker
 * asked for (always empty with `detachedWorkers`, see `launchBrowser`).
 */
export async function launchWithExtension({ detachedWorkers = false } = {}) {
  assert.ok(
    existsSync(path.join(EXTENSION_DIR, 'manifest.json')),
    `no extension at ${EXTENSION_DIR}: build it first (./x build, or node extension/build.mjs)`,
  );
  assert.ok(existsSync(CLI), `no CLI at ${CLI}: build it first (cargo build --profile native)`);
  const proxy = await startRecordingProxy();
  const browser = await launchBrowser(proxy.address, { detachedWorkers });
  const id = await browser.installExtension(EXTENSION_DIR);
  const workerRequests = [];
  if (!detachedWorkers) {
    const worker = await browser.waitForTarget(
      (target) => target.type() === 'service_worker' && target.url().startsWith(`chrome-extension://${id}/`),
    );
    const workerSession = await worker.createCDPSession();
    workerSession.on('Network.requestWillBeSent', ({ request }) => workerRequests.push(request.url));
    await workerSession.send('Network.enable');
  }
  // The Export JSON download is read from the blob in the popup; nothing needs saving.
  const browserSession = await browser.target().createCDPSession();
  await browserSession.send('Browser.setDownloadBehavior', { behavior: 'deny' });
  const extension = (await browser.extensions()).get(id);
  // A click before the worker's first run has registered `onClicked` is dropped by the browser
  // (the popup never opens): on a slow machine a small page loads before that.
  const page = await browser.newPage();
  await waitForActivatedWorker(page, extension);
  await page.close();
  return { browser, proxy, extension, workerRequests };
}

/** Longest wait for the browser to report a service worker activated, or stopped, in milliseconds. */
const WORKER_STATUS_TIMEOUT_MS = 10_000;

/**
 * Watches the extension's service worker through `page`'s DevTools session and runs
 * `use(session, reported)`, `reported(status)` resolving once the browser reports the worker
 * `activated` (installed), or `stopped` (activated and not running); it rejects, rather than
 * waiting forever, when that takes more than `WORKER_STATUS_TIMEOUT_MS`.
 */
async function watchWorker(page, extension, use) {
  const session = await page.createCDPSession();
  const scriptPrefix = `chrome-extension://${extension.id}/`;
  const waits = {};
  for (const status of ['activated', 'stopped']) {
    waits[status] = {};
    waits[status].promise = new Promise((resolve) => {
      waits[status].resolve = resolve;
    });
  }
  session.on('ServiceWorker.workerVersionUpdated', ({ versions }) => {
    for (const version of versions) {
      if (version.scriptURL.startsWith(scriptPrefix) && version.status === 'activated') {
        waits.activated.resolve();
        if (version.runningStatus === 'stopped') {
          waits.stopped.resolve();
        }
      }
    }
  });
  const timers = [];
  const reported = (status) => {
    let timer;
    const late = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the service worker of ${extension.id} was not reported ${status} within ${WORKER_STATUS_TIMEOUT_MS} ms`)),
        WORKER_STATUS_TIMEOUT_MS,
      );
    });
    timers.push(timer);
    return Promise.race([waits[status].promise, late]);
  };
  try {
    await session.send('ServiceWorker.enable');
    await use(session, reported);
  } finally {
    timers.forEach(clearTimeout);
    await session.detach().catch(() => {});
  }
}

/**
 * Resolves once the extension's service worker is activated: an extension just installed is
 * still installing its worker, which has not registered its listeners yet (a click then is
 * dropped), and `stopExtensionWorker` (which stops every worker) would stop it mid-install, after
 * which it never answered a click (the popup never opened). Rejects after
 * `WORKER_STATUS_TIMEOUT_MS`.
 */
export function waitForActivatedWorker(page, extension) {
  return watchWorker(page, extension, (_, reported) => reported('activated'));
}

/**
 * Stops the extension's service worker as the browser does when it idles (30 s without events),
 * through `page`'s DevTools session, and resolves once it is stopped; the next event (a click)
 * starts a new worker. DevTools stops every worker: every extension installed must have its
 * worker activated first (`waitForActivatedWorker`). Rejects when the browser does not report it
 * activated, then stopped, within `WORKER_STATUS_TIMEOUT_MS` each. Needs a browser launched with
 * `detachedWorkers`.
 */
export function stopExtensionWorker(page, extension) {
  return watchWorker(page, extension, async (session, reported) => {
    await reported('activated');
    await session.send('ServiceWorker.stopAllWorkers');
    await reported('stopped');
  });
}

/** Number of ranges per category in `highlights` (as `readHighlights` gives them). */
export function rangeCounts(highlights) {
  return Object.fromEntries(
    Object.entries(highlights)
      .filter(([name, ranges]) => name !== 'sourcelight-flash' && ranges.length > 0)
      .map(([name, ranges]) => [name.replace('sourcelight-', ''), ranges.length]),
  );
}

/** Sourcelight's highlights in `page` (main world): `{ name: [range text, …] }`. */
export function readHighlights(page) {
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
export async function clickToolbarButton(browser, page, extension, watch = () => {}) {
  const popupUrl = `chrome-extension://${extension.id}/popup.html`;
  // A popup still open (a failed test's) would take the click and close instead.
  for (const target of browser.targets().filter((candidate) => candidate.url() === popupUrl)) {
    await (await target.asPage()).close().catch(() => {});
  }
  const popupTarget = browser
    .waitForTarget((target) => target.url() === popupUrl, { timeout: 30_000 })
    .catch((error) => {
      throw new Error(`the popup did not open after the click: ${error.message}`, { cause: error });
    });
  await page.bringToFront();
  await page.triggerExtensionAction(extension);
  const popup = await (await popupTarget).asPage();
  watch(popup);
  // Polling by time, not animation frames: a popup that is not in front may never paint one.
  await popup.waitForFunction(() => document.getElementById('status')?.dataset.state !== 'annotating', {
    polling: 50,
    timeout: 30_000,
  });
  return popup;
}

/** What the popup shows: its status, whether the summary shows, and the count per category. */
export function readPopup(popup) {
  return popup.evaluate(() => {
    const status = document.getElementById('status');
    const summary = document.getElementById('summary');
    const counts = {};
    for (const chip of summary.querySelectorAll('.chip')) {
      counts[chip.dataset.field] = Number(chip.querySelector('.count').textContent);
    }
    return { state: status.dataset.state, status: status.textContent, summaryShown: !summary.hidden, counts };
  });
}

/** The report the popup's "Export JSON" button downloads, parsed. */
export async function exportedReport(popup) {
  await popup.evaluate(() => {
    globalThis.exported = new Promise((resolve) => {
      const createObjectURL = URL.createObjectURL.bind(URL);
      URL.createObjectURL = (blob) => {
        resolve(blob.text());
        return createObjectURL(blob);
      };
    });
  });
  await popup.click('#export');
  return JSON.parse(await popup.evaluate(() => globalThis.exported));
}

/**
 * The number of spans per highlight category the report says can be painted: every quote span
 * and mention, and the spans of credits found in visible captions (those read from `alt` text
 * or JSON-LD have no text node to paint).
 */
export function paintableSpans(report) {
  const count = (items, spans) => items.reduce((total, item) => total + spans(item).length, 0);
  const counts = {
    quote: count(report.quotes, (quote) => quote.spans),
    speaker: count(report.speakers, (speaker) => speaker.mentions),
    official: count(report.officials, (official) => official.mentions),
    credit: count(
      report.image_credits.filter((credit) => credit.source === 'caption'),
      (credit) => credit.spans,
    ),
  };
  return Object.fromEntries(Object.entries(counts).filter(([, total]) => total > 0));
}

/**
 * The painted ranges of `target` (a page) whose text shows no highlight style, as
 * `category: text`, after `css` (if given) is added to the page as a <style> element (a test
 * page's stand-in for the extension's `insertCSS`): the highlight's background on the element of
 * each end of each range, which is transparent where no rule reaches it.
 */
export function unstyledRanges(target, css = null) {
  return target.evaluate((css) => {
    if (css !== null) {
      document.head.appendChild(document.createElement('style')).textContent = css;
    }
    const unstyled = [];
    for (const [name, highlight] of CSS.highlights) {
      for (const range of highlight) {
        for (const node of [range.startContainer, range.endContainer]) {
          const element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
          if (getComputedStyle(element, `::highlight(${name})`).backgroundColor === 'rgba(0, 0, 0, 0)') {
            unstyled.push(`${name.replace('sourcelight-', '')}: ${range.toString()}`);
          }
        }
      }
    }
    return unstyled;
  }, css);
}

/**
 * The text and element names inside the closed shadow root of a `hostName` element (in the page
 * or one of its frames), read through the DevTools protocol (page scripts cannot reach a closed
 * root).
 */
export async function closedShadowText(page, hostName) {
  const session = await page.createCDPSession();
  const { root } = await session.send('DOM.getDocument', { depth: -1, pierce: true });
  const pending = [root];
  let host = null;
  while (pending.length > 0 && host === null) {
    const node = pending.pop();
    if (node.localName === hostName) {
      host = node;
    }
    pending.push(...(node.children ?? []), ...(node.shadowRoots ?? []), ...(node.contentDocument ? [node.contentDocument] : []));
  }
  const text = [];
  const elements = [];
  const inside = [...(host?.shadowRoots ?? [])];
  while (inside.length > 0) {
    const node = inside.shift();
    if (node.nodeType === 3) {
      text.push(node.nodeValue);
    } else if (node.nodeType === 1) {
      elements.push(node.localName);
    }
    inside.unshift(...(node.children ?? []));
  }
  await session.detach();
  return { text, elements };
}
