// Firefox smoke test (Debian's firefox-esr over WebDriver BiDi): the Firefox build installs, and
// the content script snapshots and paints the reference article with Firefox's CSS.highlights.
//
// What it cannot do: click the toolbar button. WebDriver BiDi has no way to trigger an
// extension's action or open its popup, refuses to navigate to moz-extension:// pages, and
// Firefox does not run extension keyboard commands sent as page input; without that gesture
// activeTab is never granted, so the background script is never asked to annotate. The engine
// therefore runs here in node (the same wasm package the background script loads) and the
// function the background script injects (injection.js: content.js and its answer) runs in the
// page, as `executeScript({ func })` would run it.
//
// Skipped when /usr/bin/firefox-esr (or FIREFOX) is missing: `apt-get install firefox-esr`.

import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import puppeteer from 'puppeteer-core';
import { DIST, ROOT, cliReport, paintableSpans, serveDirectory, unstyledRanges } from './support.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';
const FIREFOX_EXTENSION = path.join(DIST, 'extension-firefox');
const ARTICLE_DIR = path.join(ROOT, 'tests', 'fixtures', 'seed-article');

describe('Firefox', { skip: !existsSync(FIREFOX) && `no Firefox at ${FIREFOX}`, timeout: 90_000 }, () => {
  let site;
  let browser;
  let engine;

  before(async () => {
    site = await serveDirectory(ARTICLE_DIR, {
      headers: () => ({ 'content-security-policy': "script-src 'self'" }),
    });
    browser = await puppeteer.launch({ browser: 'firefox', executablePath: FIREFOX, headless: true });
    engine = await import(pathToFileURL(path.join(FIREFOX_EXTENSION, 'pkg', 'sourcelight.js')).href);
    await engine.default({ module_or_path: await readFile(path.join(FIREFOX_EXTENSION, 'pkg', 'sourcelight_bg.wasm')) });
  });

  after(async () => {
    await browser?.close();
    site?.server.close();
  });

  it('installs the Firefox build', async () => {
    const manifest = JSON.parse(await readFile(path.join(FIREFOX_EXTENSION, 'manifest.json'), 'utf8'));
    assert.equal(await browser.installExtension(FIREFOX_EXTENSION), manifest.browser_specific_settings.gecko.id);
  });

  it('snapshots and paints the reference article with CSS.highlights', async () => {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => {
      // The article's own inline scripts, refused by the CSP it is served with, are not ours.
      if (!String(error).includes('Content-Security-Policy')) {
        errors.push(String(error));
      }
    });
    await page.goto(`${site.origin}/source.html`, { waitUntil: 'load' });
    const { WALK_SPEC, injectAndAnswer } = await import(pathToFileURL(path.join(FIREFOX_EXTENSION, 'injection.js')).href);
    assert.deepEqual(WALK_SPEC, engine.snapshotSpec());
    const taken = await page.evaluate(injectAndAnswer, WALK_SPEC, true);
    assert.equal(taken.error, undefined);
    const { article_found: articleFound, report, ranges } = engine.annotateSnapshot(taken.snapshotJson);
    assert.equal(articleFound, true);
    assert.deepEqual(report, await cliReport(path.join(ARTICLE_DIR, 'source.html')));
    const painted = await page.evaluate(
      (generation, paintRanges) => globalThis.sourcelightContent.paint(generation, paintRanges),
      taken.generation,
      ranges,
    );
    assert.deepEqual(painted, { painted: paintableSpans(report) });
    const registered = await page.evaluate(() =>
      Object.fromEntries(Array.from(CSS.highlights, ([name, highlight]) => [name.replace('sourcelight-', ''), highlight.size])),
    );
    assert.deepEqual(registered, paintableSpans(report));
    // The extension's styles, on the element that holds the ranges and (no highlight inheritance
    // here) every element inside it, reach every painted range.
    const { highlightCss } = await import(pathToFileURL(path.join(FIREFOX_EXTENSION, 'styles.js')).href);
    const { snapshotJsonScope } = await import(pathToFileURL(path.join(FIREFOX_EXTENSION, 'scope.js')).href);
    const css = highlightCss(snapshotJsonScope(taken.snapshotJson, ranges));
    assert.deepEqual(await unstyledRanges(page, css), []);
    assert.deepEqual(errors, []);
    await page.close();
  });
});
