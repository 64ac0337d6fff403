// The content script on its own, in a plain page (no extension, no wasm): the DOM snapshot
// format, deep pages, painting and the re-injection guard.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { SCOPE_SELECTOR, snapshotJsonScope, snapshotScope } from '../../extension/scope.js';
import { ROOT, closedShadowText, launchBrowser, startRecordingProxy } from './support.mjs';

const CONTENT_SCRIPT = path.join(ROOT, 'extension', 'content.js');

/** The content script's source. */
const contentScript = await readFile(CONTENT_SCRIPT, 'utf8');

/**
 * Evaluates the content script in `page`, as `executeScript` does: without adding a <script>
 * element, which the snapshot would then contain.
 */
function injectContentScript(page) {
  return page.evaluate(contentScript);
}

/** Loads `html` into a fresh page and injects the content script into it. */
async function pageWithContentScript(browser, html) {
  const page = await browser.newPage();
  await page.setContent(html);
  await injectContentScript(page);
  return page;
}

describe('content script', () => {
  let proxy;
  let browser;

  before(async () => {
    proxy = await startRecordingProxy();
    browser = await launchBrowser(proxy.address);
  });

  after(async () => {
    await browser?.close();
    proxy?.server.close();
  });

  it('walks the DOM into the snapshot format', async () => {
    const cases = [
      {
        name: 'elements, text, attributes in element order, no comments',
        html: '<html><head><title>T</title></head><body><p id="a" class="b" data-x="1">Hi <b>there</b><!--c--></p></body></html>',
        spec: { skipped: ['script'], attributes: ['class', 'id'] },
        expected: {
          parent: [-1, 0, 1, 2, 0, 4, 5, 5, 7],
          name: ['html', 'head', 'title', '', 'body', 'p', '', 'b', ''],
          text: ['', '', '', 'T', '', '', 'Hi ', '', 'there'],
          attr_node: [5, 5],
          attr_name: ['id', 'class'],
          attr_value: ['a', 'b'],
        },
      },
      {
        name: 'skipped elements are kept without children, except JSON-LD scripts',
        html: '<html><head><script>var x = 1;</script><script type=" Application/LD+JSON ">{"a":1}</script></head><body><svg class="i"><title>x</title></svg></body></html>',
        spec: { skipped: ['script', 'svg'], attributes: ['type', 'class'] },
        expected: {
          parent: [-1, 0, 1, 1, 3, 0, 5],
          name: ['html', 'head', 'script', 'script', '', 'body', 'svg'],
          text: ['', '', '', '', '{"a":1}', '', ''],
          attr_node: [3, 6],
          attr_name: ['type', 'class'],
          attr_value: [' Application/LD+JSON ', 'i'],
        },
      },
      {
        name: 'the walk stops at its node budget and says so, keeping a prefix in document order',
        html: '<html><head></head><body><p class="x">One <b>two</b></p><p>Three</p></body></html>',
        spec: { skipped: [], attributes: ['class'], nodeBudget: 5 },
        expected: {
          parent: [-1, 0, 0, 2, 3],
          name: ['html', 'head', 'body', 'p', ''],
          text: ['', '', '', '', 'One '],
          attr_node: [3],
          attr_name: ['class'],
          attr_value: ['x'],
          truncated: true,
        },
      },
      {
        // The page html.rs's `snapshots_like_the_browser_walker` parses, to the same snapshot.
        name: 'inter-element whitespace as one space; one whitespace character and non-breaking spaces as they are',
        html: '<html><head></head><body><div>\n  <p>a</p>\n\t<p>b</p> <p>\u00a0\u00a0</p>\r\n</div></body></html>',
        spec: { skipped: [], attributes: [] },
        expected: {
          parent: [-1, 0, 0, 2, 3, 3, 5, 3, 3, 8, 3, 3, 11, 3],
          name: ['html', 'head', 'body', 'div', '', 'p', '', '', 'p', '', '', 'p', '', ''],
          text: ['', '', '', '', ' ', '', 'a', ' ', '', 'b', ' ', '', '\u00a0\u00a0', '\n'],
          attr_node: [],
          attr_name: [],
          attr_value: [],
        },
      },
      {
        name: 'shadow roots and iframes are not entered',
        html: '<html><head></head><body><div><template shadowrootmode="open"><p>Hidden</p></template></div><iframe srcdoc="<p>Framed</p>"></iframe></body></html>',
        spec: { skipped: ['iframe'], attributes: [] },
        expected: {
          parent: [-1, 0, 0, 2, 2],
          name: ['html', 'head', 'body', 'div', 'iframe'],
          text: ['', '', '', '', ''],
          attr_node: [],
          attr_name: [],
          attr_value: [],
        },
      },
    ];
    for (const { name, html, spec, expected } of cases) {
      const page = await pageWithContentScript(browser, html);
      const taken = await page.evaluate((s) => globalThis.sourcelightContent.snapshot(s), spec);
      assert.equal(taken.error, undefined, name);
      assert.deepEqual(taken.snapshot, expected, name);
      await page.close();
    }
  });

  it('walks a 20,000-deep page without overflowing', async () => {
    const page = await pageWithContentScript(browser, '<html><head></head><body></body></html>');
    const depth = 20000;
    const taken = await page.evaluate((levels) => {
      let element = document.body;
      for (let level = 0; level < levels; level += 1) {
        element = element.appendChild(document.createElement('div'));
      }
      element.appendChild(document.createTextNode('deep'));
      return globalThis.sourcelightContent.snapshot({ skipped: [], attributes: [] });
    }, depth);
    assert.equal(taken.error, undefined);
    const { parent, name, text } = taken.snapshot;
    // html, head, body, the divs, the text.
    assert.equal(parent.length, 3 + depth + 1);
    assert.equal(text.at(-1), 'deep');
    assert.equal(name.at(-2), 'div');
    assert.equal(parent.at(-1), parent.length - 2);
    await page.close();
  });

  it('paints ranges per category, replacing earlier ones', async () => {
    const page = await pageWithContentScript(browser, '<html><body><p>Hello “world” and © AFP</p><p>second</p></body></html>');
    const result = await page.evaluate(() => {
      const api = globalThis.sourcelightContent;
      const highlighted = () =>
        Object.fromEntries(Array.from(CSS.highlights, ([key, highlight]) => [key, Array.from(highlight, String)]));
      const { generation } = api.snapshot({ skipped: [], attributes: [] });
      // Node 4 is the first paragraph's text, node 6 the second's.
      const quote = { category: 'quote', item: 0, start_node: 4, start_offset: 7, end_node: 4, end_offset: 12 };
      const credit = { category: 'credit', item: 0, start_node: 4, start_offset: 18, end_node: 4, end_offset: 23 };
      const acrossParagraphs = { category: 'quote', item: 1, start_node: 4, start_offset: 18, end_node: 6, end_offset: 6 };
      const outOfBounds = { category: 'quote', item: 2, start_node: 4, start_offset: 7, end_node: 4, end_offset: 999 };
      const notText = { category: 'speaker', item: 0, start_node: 3, start_offset: 0, end_node: 4, end_offset: 1 };
      const steps = {};
      steps.first = api.paint(generation, [quote, credit, outOfBounds, notText]);
      steps.afterFirst = highlighted();
      steps.second = api.paint(generation, [quote, acrossParagraphs]);
      steps.afterSecond = highlighted();
      steps.stale = api.paint(generation - 1, [credit]);
      steps.afterStale = highlighted();
      steps.priority = CSS.highlights.get('sourcelight-quote').priority;
      return steps;
    });
    assert.deepEqual(result.first, { painted: { quote: 1, credit: 1 } });
    assert.deepEqual(result.afterFirst, { 'sourcelight-quote': ['world'], 'sourcelight-credit': ['© AFP'] });
    assert.deepEqual(result.second, { painted: { quote: 2 } });
    assert.deepEqual(result.afterSecond, { 'sourcelight-quote': ['world', '© AFPsecond'] });
    assert.deepEqual(result.stale, { error: 'stale-snapshot' });
    assert.deepEqual(result.afterStale, result.afterSecond);
    assert.equal(result.priority, 0);
    await page.close();
  });

  it('names the element that holds the painted ranges by its place, from the snapshot (scope.js)', async () => {
    // Each case paints ranges over the text nodes whose parents `painted` selects; `holder` selects
    // the element that holds them all, which `snapshotScope` must name (null: nothing painted).
    const cases = [
      {
        name: 'one paragraph',
        html: '<p>intro</p><main><p id="holder">Said “hello”.</p></main>',
        painted: ['#holder'],
        expected: ':root>body:nth-child(2)>main:nth-child(2)>p:nth-child(1)',
      },
      {
        name: 'two paragraphs of an article, text between the elements',
        html: '<header>h</header> <main> <article id="holder"><p>a</p> <div><p>b</p></div></article></main>',
        painted: ['article > p', 'div > p'],
        expected: ':root>body:nth-child(2)>main:nth-child(2)>article:nth-child(1)',
      },
      {
        name: 'a custom element keeps its name, a name a selector cannot hold does not',
        html: '<x-story><a:b><p>one</p><p id="x">two</p></a:b></x-story>',
        painted: ['p', '#x'],
        holder: 'x-story > *',
        expected: ':root>body:nth-child(2)>x-story:nth-child(1)>:nth-child(1)',
      },
      {
        name: 'inside SVG, positions only below the svg element',
        html: '<div><svg><text>s</text><text id="holder">t</text></svg></div>',
        painted: ['#holder'],
        expected: ':root>body:nth-child(2)>div:nth-child(1)>svg:nth-child(1)>:nth-child(2)',
      },
      {
        name: 'the title and the body: the root',
        html: '<title>T</title><p>b</p>',
        painted: ['title', 'p'],
        holder: 'html',
        expected: ':root',
      },
      { name: 'nothing painted', html: '<p>b</p>', painted: [], expected: null },
    ];
    for (const { name, html, painted, holder = '#holder', expected } of cases) {
      const page = await pageWithContentScript(browser, html);
      const { snapshot, ranges } = await page.evaluate((painted) => {
        const { snapshot } = globalThis.sourcelightContent.snapshot({ skipped: [], attributes: [] });
        // The snapshot numbers the nodes in document order, as a tree walker meets them.
        const walker = document.createTreeWalker(document.documentElement, NodeFilter.SHOW_ELEMENT | NodeFilter.SHOW_TEXT);
        const numbers = new Map();
        for (let node = walker.currentNode, index = 0; node !== null; node = walker.nextNode(), index += 1) {
          numbers.set(node, index);
        }
        const ranges = painted.map((selector, item) => {
          const text = numbers.get(document.querySelector(selector).firstChild);
          return { category: 'quote', item, start_node: text, start_offset: 0, end_node: text, end_offset: 1 };
        });
        return { snapshot, ranges };
      }, painted);
      const scope = snapshotScope(snapshot, ranges);
      assert.equal(scope, expected, name);
      // The same from the snapshot's JSON text, of which the worker parses the first two arrays.
      assert.equal(snapshotJsonScope(JSON.stringify(snapshot), ranges), expected, name);
      if (scope !== null) {
        assert.ok(SCOPE_SELECTOR.test(scope), name);
        assert.ok(await page.evaluate((scope, holder) => document.querySelector(scope) === document.querySelector(holder), scope, holder), name);
      }
      await page.close();
    }
  });

  it('snapshots and paints the document it is given, such as an iframe\'s', async () => {
    const page = await pageWithContentScript(
      browser,
      '<html><body><p>outer</p><iframe srcdoc="<p>inner “text”</p>"></iframe></body></html>',
    );
    await page.waitForFunction(() => document.querySelector('iframe').contentDocument?.body?.textContent === 'inner “text”');
    const result = await page.evaluate(() => {
      const api = globalThis.sourcelightContent;
      const inner = document.querySelector('iframe').contentDocument;
      const { generation, snapshot } = api.snapshot({ skipped: [], attributes: [] }, inner);
      const textNode = snapshot.text.indexOf('inner “text”');
      const painted = api.paint(generation, [
        { category: 'quote', item: 0, start_node: textNode, start_offset: 7, end_node: textNode, end_offset: 11 },
      ]);
      const innerHighlights = Array.from(inner.defaultView.CSS.highlights.get('sourcelight-quote') ?? [], String);
      return { names: snapshot.name, painted, innerHighlights, outer: CSS.highlights.size };
    });
    assert.deepEqual(result.names, ['html', 'head', 'body', 'p', '']);
    assert.deepEqual(result.painted, { painted: { quote: 1 } });
    assert.deepEqual(result.innerHighlights, ['text']);
    assert.equal(result.outer, 0);
    await page.close();
  });

  it('wraps text in removable marks where CSS.highlights is missing', async () => {
    const html =
      '<html><body><p id="p">He said “one two” and <b>“three</b> four” — © AFP</p><p>end</p></body></html>';
    const page = await pageWithContentScript(browser, html);
    const result = await page.evaluate(() => {
      delete CSS.highlights;
      const api = globalThis.sourcelightContent;
      const before = document.documentElement.outerHTML;
      const nodesBefore = document.getElementById('p').childNodes.length;
      const { generation, snapshot } = api.snapshot({ skipped: [], attributes: [] });
      const first = snapshot.text.indexOf('He said “one two” and ');
      const bold = snapshot.text.indexOf('“three');
      const last = snapshot.text.indexOf(' four” — © AFP');
      const ranges = [
        { category: 'quote', item: 0, start_node: first, start_offset: 9, end_node: first, end_offset: 16 },
        // Overlaps the quote: the speaker's mark wins where they meet.
        { category: 'speaker', item: 0, start_node: first, start_offset: 13, end_node: first, end_offset: 16 },
        // Across elements.
        { category: 'quote', item: 1, start_node: bold, start_offset: 1, end_node: last, end_offset: 5 },
        { category: 'credit', item: 0, start_node: last, start_offset: 9, end_node: last, end_offset: 14 },
      ];
      const painted = api.paint(generation, ranges, { hidden: [] });
      const marks = Array.from(document.querySelectorAll('sourcelight-mark'), (mark) => [
        mark.dataset.category,
        mark.textContent,
      ]);
      const hidden = api.setHidden(['quote']);
      const marksWithoutQuotes = Array.from(document.querySelectorAll('sourcelight-mark'), (mark) => mark.textContent);
      api.clear();
      return {
        painted,
        marks,
        hidden,
        marksWithoutQuotes,
        restored: document.documentElement.outerHTML === before,
        nodesAfter: document.getElementById('p').childNodes.length,
        nodesBefore,
        highlightApi: 'highlights' in CSS,
      };
    });
    assert.equal(result.highlightApi, false);
    assert.deepEqual(result.painted, { painted: { quote: 2, speaker: 1, credit: 1 } });
    assert.deepEqual(result.marks, [
      ['quote', 'one '],
      ['speaker', 'two'],
      ['quote', 'three'],
      ['quote', ' four'],
      ['credit', '© AFP'],
    ]);
    assert.deepEqual(result.hidden, { hidden: ['quote'] });
    assert.deepEqual(result.marksWithoutQuotes, ['two', '© AFP']);
    assert.equal(result.restored, true);
    assert.equal(result.nodesAfter, result.nodesBefore);
    await page.close();
  });

  it('shows a hover card in a closed shadow root, text only, and removes it', async () => {
    const page = await pageWithContentScript(
      browser,
      '<html><body style="margin:0;font:20px monospace"><p>Aaaa “quoted words here” bbbb</p><p>nothing here</p></body></html>',
    );
    const label = 'Quote — <img src=x onerror=alert(1)>, Secretary';
    const domBefore = await page.evaluate(() => document.documentElement.outerHTML);
    const box = await page.evaluate((cardLabel) => {
      const api = globalThis.sourcelightContent;
      const { generation, snapshot } = api.snapshot({ skipped: [], attributes: [] });
      const node = snapshot.text.indexOf('Aaaa “quoted words here” bbbb');
      api.paint(
        generation,
        [{ category: 'quote', item: 0, start_node: node, start_offset: 6, end_node: node, end_offset: 23 }],
        { labels: { quote: [cardLabel] } },
      );
      const range = CSS.highlights.get('sourcelight-quote').values().next().value;
      const rect = range.getBoundingClientRect();
      return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2, bottom: rect.bottom };
    }, label);
    await page.mouse.move(box.x, box.y);
    await page.waitForSelector('sourcelight-card');
    const card = await page.evaluate(() => {
      const host = document.querySelector('sourcelight-card');
      return {
        shadowRoot: host.shadowRoot,
        pointerEvents: getComputedStyle(host).pointerEvents,
        onTop: document.elementFromPoint(host.getBoundingClientRect().left + 2, host.getBoundingClientRect().top + 2)?.localName,
        images: document.images.length,
      };
    });
    assert.equal(card.shadowRoot, null, 'the shadow root is closed');
    assert.equal(card.pointerEvents, 'none');
    assert.notEqual(card.onTop, 'sourcelight-card', 'the card never takes the pointer');
    assert.equal(card.images, 0);
    const shadowContent = await closedShadowText(page, 'sourcelight-card');
    assert.deepEqual(shadowContent, { text: [label], elements: ['div', 'div'] });
    await page.mouse.move(box.x, box.bottom + 200);
    await page.waitForFunction(() => document.querySelector('sourcelight-card') === null);
    assert.equal(await page.evaluate(() => document.documentElement.outerHTML), domBefore);
    await page.close();
  });

  it('shows, hides and reveals categories, with the revealed item\'s card', async () => {
    const page = await pageWithContentScript(
      browser,
      `<html><body><div style="height:3000px">top</div><p>far “away” text</p></body></html>`,
    );
    const result = await page.evaluate(async () => {
      const api = globalThis.sourcelightContent;
      const { generation, snapshot } = api.snapshot({ skipped: [], attributes: [] });
      const node = snapshot.text.indexOf('far “away” text');
      api.paint(
        generation,
        [
          { category: 'quote', item: 0, start_node: node, start_offset: 5, end_node: node, end_offset: 9 },
          { category: 'speaker', item: 0, start_node: node, start_offset: 0, end_node: node, end_offset: 3 },
        ],
        { labels: { quote: ['Quote — Far Person'], speaker: ['Speaker — Far Person'] } },
      );
      const names = () => Array.from(CSS.highlights.keys()).sort();
      const steps = { painted: names() };
      api.setHidden(['quote']);
      steps.hidden = names();
      steps.revealed = api.reveal('quote', 0);
      steps.afterReveal = names();
      steps.cardShown = document.querySelector('sourcelight-card') !== null;
      steps.missing = api.reveal('official', 3);
      await new Promise((resolve) => setTimeout(resolve, 800));
      const rect = CSS.highlights.get('sourcelight-quote').values().next().value.getBoundingClientRect();
      steps.inView = rect.top >= 0 && rect.bottom <= innerHeight;
      return steps;
    });
    assert.deepEqual(result.painted, ['sourcelight-quote', 'sourcelight-speaker']);
    assert.deepEqual(result.hidden, ['sourcelight-speaker']);
    assert.deepEqual(result.revealed, { revealed: true });
    assert.deepEqual(result.afterReveal, ['sourcelight-flash', 'sourcelight-quote', 'sourcelight-speaker']);
    assert.deepEqual(result.missing, { revealed: false });
    assert.equal(result.inView, true);
    // The card stays with its text while the page scrolls there, then goes with the flash.
    assert.equal(result.cardShown, true);
    assert.deepEqual((await closedShadowText(page, 'sourcelight-card')).text, ['Quote — Far Person']);
    const cardNextToText = await page.evaluate(() => {
      const card = document.querySelector('sourcelight-card').getBoundingClientRect();
      const text = CSS.highlights.get('sourcelight-quote').values().next().value.getBoundingClientRect();
      // Below the text, or above it where the page ends too soon to center the text.
      const gap = card.top >= text.bottom ? card.top - text.bottom : text.top - card.bottom;
      return gap >= 0 && gap < 20 && Math.abs(card.left - text.left) < 20;
    });
    assert.equal(cardNextToText, true);
    await page.waitForFunction(() => document.querySelector('sourcelight-card') === null, { timeout: 3000 });
    await page.close();
  });

  it('moves to a new document without clear(): the old one is cleaned, hover follows', async () => {
    const page = await pageWithContentScript(
      browser,
      '<html><body style="margin:0"><iframe id="a" srcdoc="<p>first “one”</p>"></iframe>' +
        '<iframe id="b" style="width:600px;height:200px;border:0" srcdoc="<body style=\'margin:0;font:20px monospace\'><p>second “two words”</p></body>"></iframe></body></html>',
    );
    await page.waitForFunction(() =>
      ['a', 'b'].every((id) => document.getElementById(id).contentDocument?.body?.textContent.includes('“')),
    );
    const point = await page.evaluate(() => {
      const api = globalThis.sourcelightContent;
      const paintQuote = (id, label) => {
        const doc = document.getElementById(id).contentDocument;
        const { generation, snapshot } = api.snapshot({ skipped: [], attributes: [] }, doc);
        const node = snapshot.text.findIndex((text) => text.includes('“'));
        const start = snapshot.text[node].indexOf('“') + 1;
        api.paint(
          generation,
          [{ category: 'quote', item: 0, start_node: node, start_offset: start, end_node: node, end_offset: start + 3 }],
          { labels: { quote: [label] } },
        );
        return doc;
      };
      const first = paintQuote('a', 'first');
      const second = paintQuote('b', 'second');
      const range = second.defaultView.CSS.highlights.get('sourcelight-quote').values().next().value;
      const rect = range.getBoundingClientRect();
      const frame = document.getElementById('b').getBoundingClientRect();
      return {
        firstLeft: first.defaultView.CSS.highlights.size,
        x: frame.left + rect.left + rect.width / 2,
        y: frame.top + rect.top + rect.height / 2,
      };
    });
    assert.equal(point.firstLeft, 0, 'the first document keeps no highlight');
    await page.mouse.move(point.x - 40, point.y);
    await page.mouse.move(point.x, point.y, { steps: 3 });
    await page.waitForFunction(() => document.getElementById('b').contentDocument.querySelector('sourcelight-card') !== null, {
      timeout: 2000,
    });
    await page.close();
  });

  it('keeps its first instance when injected again', async () => {
    const page = await pageWithContentScript(browser, '<html><body><p>x</p></body></html>');
    await page.evaluate(() => {
      globalThis.firstInstance = globalThis.sourcelightContent;
    });
    await injectContentScript(page);
    assert.equal(await page.evaluate(() => globalThis.firstInstance === globalThis.sourcelightContent), true);
    await page.close();
  });

  it('returns errors instead of throwing into the page', async () => {
    const page = await pageWithContentScript(browser, '<html><body><p>x</p></body></html>');
    const result = await page.evaluate(() => globalThis.sourcelightContent.snapshot(null));
    assert.equal(typeof result.error, 'string');
    await page.close();
  });

  it('sent nothing off the machine', () => {
    assert.deepEqual(proxy.offMachineRequests(), []);
  });
});
