// The extension end to end, through the real activeTab path: install dist/extension in headless
// Chromium, open pages from a server on 127.0.0.1, click the toolbar button, read the popup and
// the page's CSS.highlights, and compare both with the CLI's report of the same file.
//
// Needs the build: dist/extension (`node extension/build.mjs` after the wasm package) and the CLI
// (`cargo build --profile native`). Overrides: SOURCELIGHT_DIST (the build output folder),
// SOURCELIGHT_CLI (the CLI binary), CHROMIUM (the browser).

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  ARTIFACTS,
  FILLER,
  ROOT,
  SAVED_PAGE_CSP,
  articlePage,
  clickToolbarButton,
  cliReport,
  closedShadowText,
  collapseWhitespace,
  exportedReport,
  launchWithExtension,
  paintableSpans,
  rangeCounts,
  readHighlights,
  readPopup,
  serveDirectory,
  unstyledRanges,
} from './support.mjs';

const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

/** The reference article, served under a CSP that would refuse wasm in the page. */
const ARTICLE_PATH = '/seed-article/source.html';

/**
 * Saved news pages served with `script-src 'none'`: their own scripts would rewrite the DOM
 * after load (and the CLI reads the saved bytes), so they are kept from running, which is also
 * the strictest CSP a page can have. Chosen across languages, layouts and credit styles.
 */
const FIXTURE_PAGES = [
  'apnews-1',
  'elpais-1',
  'faz-1',
  'infobae-1',
  'lemonde-1',
  'npr-1',
  'nytimes-2',
  'telegraph-1',
  'thesun-1',
];

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

/** A quote whose text is markup: it must show as text in the popup and the hover card. */
const MARKUP_QUOTE = '<img src=x onerror=alert(1)> is what the attacker typed into the form';

const UNTRUSTED_PAGE = articlePage('Security flaw found in city website', [
  `“${MARKUP_QUOTE.replace(/</g, '&lt;').replace(/>/g, '&gt;')},” said Maria Lopez, a security researcher at the university.`,
  ...FILLER,
]);

/** What the re-rendering page says before and after it replaces its paragraphs. */
const OLD_QUOTE = 'The old bridge will stay closed until the inspection is finished';
const NEW_QUOTE = 'We will rebuild the bridge before the spring floods arrive';

/**
 * A page that re-renders its article, as client-side frameworks do: 300 ms after Sourcelight's
 * highlights first appear, it replaces its paragraphs with new ones holding a new quote.
 */
const RERENDER_PAGE = articlePage(
  'Bridge to close for repairs',
  [`“${OLD_QUOTE},” said Tom Reed, the city engineer.`, ...FILLER],
  `<script>
    const waitForHighlights = setInterval(() => {
      if (!Array.from(CSS.highlights.keys()).some((name) => name.startsWith('sourcelight-'))) return;
      clearInterval(waitForHighlights);
      setTimeout(() => {
        const story = document.getElementById('story');
        const paragraphs = ${JSON.stringify([`“${NEW_QUOTE},” said Jane Porter, the mayor of the city.`, ...FILLER])};
        story.replaceChildren(...paragraphs.map((text) => {
          const p = document.createElement('p');
          p.textContent = text;
          return p;
        }));
      }, 300);
    }, 20);
  </script>`,
);

/** The response headers per path: the strict CSPs the tests need. */
function headersFor(pathname) {
  if (pathname === ARTICLE_PATH) {
    return { 'content-security-policy': "script-src 'self'" };
  }
  if (pathname.startsWith('/pages/') || pathname === '/untrusted.html') {
    return { 'content-security-policy': SAVED_PAGE_CSP };
  }
  return {};
}

/** Whether a console error is a saved page's own doing: its scripts and assets refused by our CSP. */
function isPagesOwnError(text) {
  return /Content Security Policy/.test(text);
}

/** The colour highlights.css paints quotes with, as the page computes it. */
const QUOTE_BACKGROUND = 'rgb(255, 224, 102)';

/**
 * The background quote highlights get in `target`, on the element holding the first quote's text
 * (the body when none is painted): `QUOTE_BACKGROUND` while the extension's stylesheet is in the
 * page, transparent without it. The Chromium build styles the highlights on the root element
 * only (extension/build.mjs), and the article's own elements inherit them.
 */
function quoteBackground(target) {
  return target.evaluate(() => {
    const quote = CSS.highlights.get('sourcelight-quote')?.values().next().value;
    const element = quote?.startContainer.parentElement ?? document.body;
    return getComputedStyle(element, '::highlight(sourcelight-quote)').backgroundColor;
  });
}

/**
 * The painted ranges of `target` still unstyled (`unstyledRanges`) once the extension's styles
 * had time to go in: asked for by the content script after a paint of its own (a re-render) or
 * a check, they come after the highlights.
 */
async function unstyledAfterChecks(target) {
  const deadline = Date.now() + 5000;
  let unstyled = await unstyledRanges(target);
  while (unstyled.length > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    unstyled = await unstyledRanges(target);
  }
  return unstyled;
}

/** The report list lengths the popup's chips count. */
function reportCounts(report) {
  return Object.fromEntries(
    ['quotes', 'speakers', 'officials', 'image_credits'].map((field) => [field, report[field].length]),
  );
}

describe('extension', { timeout: 170_000 }, () => {
  let site;
  let browser;
  let proxy;
  let extension;
  let workerRequests;
  let page;
  /**
   * Requests of our pages and the popups that are neither loopback nor the extension's. The saved
   * news pages' own requests (refused by their CSP) are theirs, not the extension's: not counted.
   */
  const foreignRequests = [];
  let countPageRequests = true;
  const consoleErrors = [];

  /** Records the requests and console errors of `watched` (a page or a popup). */
  function watch(watched) {
    watched.on('request', (request) => {
      const url = request.url();
      if (watched === page && !countPageRequests) {
        return;
      }
      if (!url.startsWith(`${site.origin}/`) && !url.startsWith(`chrome-extension://${extension.id}/`)) {
        foreignRequests.push(url);
      }
    });
    watched.on('console', (message) => {
      if (message.type() === 'error' && !isPagesOwnError(message.text())) {
        consoleErrors.push(`${message.text()} (${message.location().url ?? 'no location'})`);
      }
    });
    watched.on('pageerror', (error) => consoleErrors.push(String(error)));
  }

  /** Clicks the toolbar button on the test page. */
  const annotate = (target = page) => clickToolbarButton(browser, target, extension, watch);

  const outerHtml = (target = page) => target.evaluate(() => document.documentElement.outerHTML);

  before(async () => {
    await mkdir(ARTIFACTS, { recursive: true });
    site = await serveDirectory(FIXTURES, {
      pages: {
        '/no-article.html': NO_ARTICLE_PAGE,
        '/untrusted.html': UNTRUSTED_PAGE,
        '/rerender.html': RERENDER_PAGE,
      },
      headers: headersFor,
    });
    ({ browser, proxy, extension, workerRequests } = await launchWithExtension());
    page = await browser.newPage();
    await page.setViewport({ width: 1000, height: 800 });
    watch(page);
  });

  after(async () => {
    await browser?.close();
    proxy?.server.close();
    site?.server.close();
  });

  describe('on the reference article, served with script-src \'self\'', () => {
    let report;
    let popup;

    before(async () => {
      report = await cliReport(path.join(FIXTURES, 'seed-article', 'source.html'));
      await page.goto(`${site.origin}${ARTICLE_PATH}`, { waitUntil: 'load' });
    });

    after(() => popup?.close());

    it('paints what the CLI reports, shows the summary, and leaves the DOM untouched', async () => {
      const domBefore = await outerHtml();
      popup = await annotate();
      const shown = await readPopup(popup);
      assert.equal(shown.state, 'done', `popup says: ${shown.status}`);
      assert.deepEqual(await exportedReport(popup), report);
      assert.deepEqual(shown.counts, reportCounts(report));

      const highlights = await readHighlights(page);
      assert.deepEqual(rangeCounts(highlights), paintableSpans(report));
      const quoteRanges = highlights['sourcelight-quote'].map(collapseWhitespace);
      const quoteTexts = report.quotes.map((quote) => collapseWhitespace(quote.text));
      // A split quote's text joins its pieces with one space, so each range is part of one text.
      for (const range of quoteRanges) {
        assert.ok(quoteTexts.some((text) => text.includes(range)), `painted quote not in the report: ${range}`);
      }
      for (const quote of DIRECT_QUOTES) {
        assert.ok(quoteRanges.includes(quote), `direct quote not painted: ${quote}`);
      }
      assert.deepEqual(highlights['sourcelight-credit'].map(collapseWhitespace), CREDITS);
      // The styles went in with the paint, on the element that holds every range.
      assert.equal(await quoteBackground(page), QUOTE_BACKGROUND);
      assert.deepEqual(await unstyledRanges(page), []);
      assert.equal(await outerHtml(), domBefore);
    });

    it('lists speakers with titles and quotes, officials and credits, text only', async () => {
      const listed = await popup.evaluate(() => ({
        speakers: Array.from(document.querySelectorAll('[aria-labelledby="summary-speakers"] .entry'), (row) =>
          row.firstChild.textContent,
        ),
        quotes: document.querySelectorAll('details.quote').length,
        officials: document.querySelectorAll('[aria-labelledby="summary-officials"] .entry').length,
        credits: Array.from(document.querySelectorAll('[aria-labelledby="summary-credits"] .entry'), (row) =>
          row.textContent,
        ),
      }));
      assert.deepEqual(listed.speakers, report.speakers.map((speaker) => speaker.name));
      assert.equal(listed.quotes, report.quotes.length);
      assert.equal(listed.officials, report.officials.length);
      assert.ok(listed.credits.includes('AFP / Brendan Smialowski'), listed.credits.join(', '));
    });

    it('takes screenshots of the page and the popup', async () => {
      await popup.evaluate(() => {
        document.querySelector('details.quote')?.setAttribute('open', '');
        window.scrollTo(0, 0);
      });
      await popup.screenshot({ path: path.join(ARTIFACTS, 'popup.png') });
      await page.evaluate(() => {
        const [firstQuote] = CSS.highlights.get('sourcelight-quote') ?? [];
        firstQuote?.startContainer.parentElement.scrollIntoView({ block: 'center' });
      });
      await page.screenshot({ path: path.join(ARTIFACTS, 'page.png') });
      await page.screenshot({ path: path.join(ARTIFACTS, 'page-full.png'), fullPage: true });
    });

    it('shows who said a quote in a hover card', async () => {
      // A quote whose speaker has a title, preferably one with a single span (the card names it).
      const quote = report.quotes.find((candidate) => report.speakers[candidate.speaker_id]?.title);
      assert.ok(quote, 'the reference article has a quote by a titled speaker');
      const speaker = report.speakers[quote.speaker_id];
      const point = await page.evaluate(async (text) => {
        const range = Array.from(CSS.highlights.get('sourcelight-quote')).find((candidate) =>
          text.startsWith(candidate.toString().replace(/\s+/g, ' ').trim()),
        );
        // The scroll event comes with a later frame and hides any card: it must be over before
        // the pointer arrives (or the page was already there and sends none).
        const scrolled = new Promise((resolve) => {
          addEventListener('scroll', resolve, { once: true, capture: true });
          setTimeout(resolve, 500);
        });
        range.startContainer.parentElement.scrollIntoView({ block: 'center' });
        await scrolled;
        const [rect] = range.getClientRects();
        return { x: rect.left + Math.min(10, rect.width / 2), y: rect.top + rect.height / 2 };
      }, quote.text.replace(/\s+/g, ' ').trim());
      await page.mouse.move(point.x, point.y);
      await page.waitForSelector('sourcelight-card', { timeout: 5000 });
      const card = await closedShadowText(page, 'sourcelight-card');
      assert.deepEqual(card.text, [`Quote — ${speaker.name}, ${speaker.title}`]);
      await page.screenshot({ path: path.join(ARTIFACTS, 'hover.png') });
      await page.mouse.move(1, 1);
      await page.waitForFunction(() => document.querySelector('sourcelight-card') === null);
    });

    it('hides and restores a category from its chip, and remembers it', async () => {
      await popup.click('.chip[data-category="quote"]');
      await page.waitForFunction(() => !CSS.highlights.has('sourcelight-quote'));
      assert.ok((await readHighlights(page))['sourcelight-speaker']?.length > 0);
      await popup.close();
      popup = await annotate();
      assert.equal(await popup.$eval('.chip[data-category="quote"]', (chip) => chip.getAttribute('aria-pressed')), 'false');
      assert.equal(await page.evaluate(() => CSS.highlights.has('sourcelight-quote')), false);
      await popup.click('.chip[data-category="quote"]');
      await page.waitForFunction(() => CSS.highlights.has('sourcelight-quote'));
      assert.equal(await popup.$eval('.chip[data-category="quote"]', (chip) => chip.getAttribute('aria-pressed')), 'true');
    });

    it('scrolls to an item clicked in the popup and flashes it', async () => {
      await page.evaluate(() => window.scrollTo(0, 0));
      const lastCredit = report.image_credits.length - 1;
      await popup.click(`button.item[data-category="credit"][data-item="${lastCredit}"]`);
      await page.waitForFunction(
        () => {
          const flash = CSS.highlights.get('sourcelight-flash');
          if (flash === undefined) return false;
          const rect = flash.values().next().value.getBoundingClientRect();
          return rect.top >= 0 && rect.bottom <= innerHeight;
        },
        { polling: 50, timeout: 5000 },
      );
      assert.ok(await page.evaluate(() => window.scrollY > 0));
    });

    it('reaches every control by keyboard, each with a name', async () => {
      const controls = await popup.evaluate(() =>
        Array.from(document.querySelectorAll('button, summary, a[href]'), (control) => ({
          name: control.getAttribute('aria-label') ?? control.textContent.trim(),
          tabIndex: control.tabIndex,
        })),
      );
      for (const control of controls) {
        assert.ok(control.tabIndex >= 0 && control.name.length > 0, JSON.stringify(control));
      }
      // Tabbing cycles through every visible control, each showing a focus ring.
      const visibleControls = await popup.evaluate(
        () => Array.from(document.querySelectorAll('button:not(:disabled), summary')).filter((c) => c.checkVisibility()).length,
      );
      const reached = new Set();
      for (let step = 0; step < visibleControls + 2; step += 1) {
        await popup.keyboard.press('Tab');
        const focused = await popup.evaluate(() => {
          const active = document.activeElement;
          const index = Array.from(document.querySelectorAll('button, summary')).indexOf(active);
          return { index, outline: getComputedStyle(active).outlineStyle };
        });
        if (focused.index >= 0) {
          assert.equal(focused.outline, 'solid');
          reached.add(focused.index);
        }
      }
      assert.equal(reached.size, visibleControls);
      // The keyboard toggles a chip as well as the pointer does.
      await popup.focus('.chip[data-category="quote"]');
      await popup.keyboard.press('Enter');
      await page.waitForFunction(() => !CSS.highlights.has('sourcelight-quote'));
      await popup.keyboard.press('Space');
      await page.waitForFunction(() => CSS.highlights.has('sourcelight-quote'));
      await popup.emulateMediaFeatures([{ name: 'prefers-color-scheme', value: 'dark' }]);
      await popup.evaluate(() => window.scrollTo(0, 0));
      assert.equal(await popup.evaluate(() => getComputedStyle(document.body).backgroundColor), 'rgb(24, 24, 27)');
      await popup.screenshot({ path: path.join(ARTIFACTS, 'popup-dark.png') });
      await popup.emulateMediaFeatures([]);
    });

    it('copies the summary as Markdown', async () => {
      await popup.evaluate(() => {
        globalThis.copied = null;
        navigator.clipboard.writeText = async (text) => {
          globalThis.copied = text;
        };
      });
      await popup.click('#copy');
      const markdown = await popup.waitForFunction(() => globalThis.copied).then((handle) => handle.jsonValue());
      assert.match(markdown, /^# Sourcelight summary: /);
      assert.match(markdown, /- \*\*Antony Blinken, Secretary of State\*\*/);
      assert.match(markdown, /- AFP \/ Brendan Smialowski/);
    });

    it('replaces the highlights on a second click instead of adding to them', async () => {
      // The flash of an earlier test, and the card shown with it, are over first.
      await page.waitForFunction(() => !CSS.highlights.has('sourcelight-flash'), { polling: 50 });
      await page.waitForFunction(() => document.querySelector('sourcelight-card') === null, { polling: 50 });
      const domBefore = await outerHtml();
      const first = await readHighlights(page);
      await popup.close();
      popup = await annotate();
      await popup.click('#retry');
      await popup.waitForFunction(() => document.getElementById('status').dataset.state === 'done');
      assert.deepEqual(await readHighlights(page), first);
      assert.equal(await quoteBackground(page), QUOTE_BACKGROUND);
      assert.equal(await outerHtml(), domBefore);
    });

    it('keeps the highlights styled when the page moves the article', async () => {
      const domBefore = await outerHtml();
      // What a page's own scripts do after load: a banner before everything else, which shifts
      // the place the styles named the article's element by.
      await page.evaluate(() => document.body.prepend(document.createElement('div')));
      assert.deepEqual(await unstyledAfterChecks(page), []);
      await page.evaluate(() => document.body.firstElementChild.remove());
      assert.equal(await outerHtml(), domBefore);
    });

    it('clears the highlights and their stylesheet on request', async () => {
      const domBefore = await outerHtml();
      const quoted = await page.evaluateHandle(
        () => CSS.highlights.get('sourcelight-quote').values().next().value.startContainer.parentElement,
      );
      await popup.click('#clear');
      await popup.waitForFunction(() => document.getElementById('status').dataset.state === 'cleared');
      assert.deepEqual(await readHighlights(page), {});
      // The element a quote was painted in has no highlight style left: every stylesheet went.
      assert.equal(
        await quoted.evaluate((element) => getComputedStyle(element, '::highlight(sourcelight-quote)').backgroundColor),
        'rgba(0, 0, 0, 0)',
      );
      assert.equal(await outerHtml(), domBefore);
    });

    it('drops stale highlights on client-side navigation', async () => {
      await popup.close();
      popup = await annotate();
      assert.ok((await readHighlights(page))['sourcelight-quote']?.length > 0);
      // The content script stayed in the page: the stylesheet the clear removed is back.
      assert.equal(await quoteBackground(page), QUOTE_BACKGROUND);
      // What a single-page app does on a link click: a new URL, then the next story's shell.
      await page.evaluate(() => {
        history.pushState({}, '', '/seed-article/next-story');
        const loading = document.createElement('p');
        loading.textContent = 'Loading the next story…';
        document.body.replaceChildren(loading);
      });
      await page.waitForFunction(
        () => !Array.from(CSS.highlights.keys()).some((name) => name.startsWith('sourcelight-')),
        { polling: 50, timeout: 5000 },
      );
      await popup.close();
      popup = await annotate();
      assert.equal((await readPopup(popup)).state, 'no-article');
    });
  });

  describe('on saved news pages, served with script-src \'none\'', () => {
    before(() => {
      countPageRequests = false;
    });

    after(() => {
      countPageRequests = true;
    });

    for (const name of FIXTURE_PAGES) {
      it(name, async () => {
        const file = path.join(FIXTURES, 'pages', name, 'source.html');
        const report = await cliReport(file);
        await page.goto(`${site.origin}/pages/${name}/source.html`, { waitUntil: 'load' });
        const domBefore = await outerHtml();
        const popup = await annotate();
        const shown = await readPopup(popup);
        assert.equal(shown.state, 'done', `popup says: ${shown.status}`);
        assert.deepEqual(await exportedReport(popup), report);
        assert.deepEqual(shown.counts, reportCounts(report));
        assert.deepEqual(rangeCounts(await readHighlights(page)), paintableSpans(report));
        assert.deepEqual(await unstyledRanges(page), []);
        assert.equal(await outerHtml(), domBefore);
        await popup.close();
      });
    }
  });

  describe('on pages that change or hold no article', () => {
    it('follows an article that re-renders after load', async () => {
      await page.goto(`${site.origin}/rerender.html`, { waitUntil: 'load' });
      const popup = await annotate();
      assert.equal((await readPopup(popup)).state, 'done');
      await popup.close();
      await page.waitForFunction(
        (quote) => Array.from(CSS.highlights.get('sourcelight-quote') ?? [], String).some((text) => text.startsWith(quote)),
        { polling: 50, timeout: 10_000 },
        NEW_QUOTE,
      );
      const quotes = (await readHighlights(page))['sourcelight-quote'];
      assert.equal(quotes.some((text) => text.includes('old bridge')), false, quotes.join(' | '));
      assert.deepEqual(await unstyledAfterChecks(page), []);
      // The new text is what the popup now reports, at once.
      const again = await annotate();
      const summaryText = await again.$eval('#summary', (summary) => summary.textContent);
      assert.match(summaryText, /Jane Porter/);
      assert.doesNotMatch(summaryText, /Tom Reed/);
      await again.close();
    });

    it('shows page text as text, never as markup', async () => {
      await page.goto(`${site.origin}/untrusted.html`, { waitUntil: 'load' });
      const popup = await annotate();
      assert.equal((await readPopup(popup)).state, 'done');
      const shown = await popup.evaluate(() => ({
        images: document.querySelectorAll('img:not(.brand img)').length,
        quote: document.querySelector('.quote-text')?.textContent,
      }));
      assert.equal(shown.images, 0);
      assert.ok(shown.quote.startsWith(`“${MARKUP_QUOTE}`), shown.quote);
      await popup.close();
    });

    it('says so when the page has no article', async () => {
      await page.goto(`${site.origin}/no-article.html`, { waitUntil: 'load' });
      const popup = await annotate();
      const shown = await readPopup(popup);
      assert.deepEqual([shown.state, shown.status, shown.summaryShown], ['no-article', 'No article found on this page', false]);
      await popup.close();
    });

    it('explains when the browser does not let it read the page', async () => {
      // A browser page: no extension may script it, activeTab or not. Not watched: its own
      // chrome:// requests are not the extension's.
      const browserPage = await browser.newPage();
      await browserPage.goto('chrome://version');
      const popup = await clickToolbarButton(browser, browserPage, extension);
      const shown = await readPopup(popup);
      assert.equal(shown.state, 'error');
      assert.match(shown.status, /^Sourcelight cannot read this page/);
      await popup.close();
      await browserPage.close();
    });
  });

  describe('overall', () => {
    it('logged no console error in the pages or the popup', () => {
      assert.deepEqual(consoleErrors, []);
    });

    it('sent no request off 127.0.0.1 from the extension', () => {
      assert.deepEqual(workerRequests.filter((url) => !url.startsWith(`chrome-extension://${extension.id}/`)), []);
      assert.deepEqual(foreignRequests, []);
    });
  });
});
