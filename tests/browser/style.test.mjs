// The highlight palette (extension/highlights.css): every category readable (WCAG AA, contrast
// >= 4.5:1) on light and dark pages alike, told apart by underline style as well as colour, the
// wrapping fallback's rules equal to the ::highlight ones, and the summary's chips
// (extension/summary.css, shared by the popup and the site) in the same colours. Plain node: the
// CSS and pages are read as text.

import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { ROOT } from './support.mjs';

const highlightsCss = await readFile(path.join(ROOT, 'extension', 'highlights.css'), 'utf8');
const summaryCss = await readFile(path.join(ROOT, 'extension', 'summary.css'), 'utf8');

/** The stylesheets that style a summary next to summary.css: the popup's and the site's. */
const FRAME_STYLESHEETS = ['extension/popup.css', 'www/site.css'];

/** The pages that render a summary, and the address each links summary.css by. */
const SUMMARY_PAGES = [
  ['extension/popup.html', 'summary.css'],
  ['www/demo/index.html', '../ext/summary.css'],
  ['www/playground/index.html', '../ext/summary.css'],
];

/** The four categories the engine paints. */
const CATEGORIES = ['quote', 'speaker', 'official', 'credit'];

/** `{ selector: { property: value } }` for every rule of `css` (comments removed). */
function parseRules(css) {
  const rules = {};
  const uncommented = css.replace(/\/\*[\s\S]*?\*\//g, '');
  for (const [, selector, body] of uncommented.matchAll(/([^{}]+)\{([^}]*)\}/g)) {
    const declarations = {};
    for (const declaration of body.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon > 0) {
        declarations[declaration.slice(0, colon).trim()] = declaration.slice(colon + 1).trim();
      }
    }
    rules[selector.trim()] = declarations;
  }
  return rules;
}

/** `[r, g, b, alpha]` (0–255, 0–1) of a `#rrggbb` colour; anything else is refused. */
function parseColour(value) {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(value ?? '');
  assert.ok(match, `expected an opaque #rrggbb colour, got ${value}`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16), 1];
}

/** `colour` painted over `backdrop` (alpha compositing; opaque colours hide the backdrop). */
function over([r, g, b, alpha], backdrop) {
  return [r, g, b].map((channel, i) => channel * alpha + backdrop[i] * (1 - alpha));
}

/** WCAG 2 relative luminance of an sRGB colour. */
function luminance(rgb) {
  const [r, g, b] = rgb.map((channel) => {
    const c = channel / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG 2 contrast ratio of two colours. */
function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

const rules = parseRules(highlightsCss);
const summaryRules = parseRules(summaryCss);

describe('highlight palette', () => {
  it('computes contrast as WCAG does', () => {
    const cases = [
      [[0, 0, 0], [255, 255, 255], 21],
      [[255, 255, 255], [255, 255, 255], 1],
      [[118, 118, 118], [255, 255, 255], 4.54],
    ];
    for (const [a, b, expected] of cases) {
      assert.equal(Math.round(contrast(a, b) * 100) / 100, expected);
    }
  });

  it('keeps every category readable on light and dark pages', () => {
    const pages = { light: [255, 255, 255], dark: [18, 18, 18] };
    for (const name of [...CATEGORIES, 'flash']) {
      const rule = rules[`::highlight(sourcelight-${name})`];
      assert.ok(rule, name);
      // Both set: whatever colours the page uses, the highlighted text shows these two.
      const text = parseColour(rule.color);
      const background = parseColour(rule['background-color']);
      for (const [page, pageBackground] of Object.entries(pages)) {
        const shownBackground = over(background, pageBackground);
        const ratio = contrast(over(text, shownBackground), shownBackground);
        assert.ok(ratio >= 4.5, `${name} on a ${page} page: contrast ${ratio.toFixed(2)}`);
      }
    }
  });

  it('gives each category its own underline style and colours', () => {
    const styles = CATEGORIES.map((category) => {
      const decoration = rules[`::highlight(sourcelight-${category})`]['text-decoration'];
      return /\b(solid|double|dotted|dashed|wavy)\b/.exec(decoration)?.[1];
    });
    assert.deepEqual(styles, ['solid', 'double', 'dotted', 'wavy']);
    const backgrounds = CATEGORIES.map((category) => rules[`::highlight(sourcelight-${category})`]['background-color']);
    assert.equal(new Set(backgrounds).size, CATEGORIES.length);
  });

  it('styles the wrapping fallback exactly like the highlights', () => {
    for (const category of CATEGORIES) {
      assert.deepEqual(
        rules[`sourcelight-mark[data-category="${category}"]`],
        rules[`::highlight(sourcelight-${category})`],
        category,
      );
    }
    assert.deepEqual(rules['sourcelight-mark[data-flash]'], rules['::highlight(sourcelight-flash)']);
  });

  it('paints the summary chips in the same colours and underline styles', () => {
    for (const category of CATEGORIES) {
      const highlight = rules[`::highlight(sourcelight-${category})`];
      const chip = summaryRules[`.chip[data-category="${category}"]`];
      assert.ok(chip, category);
      assert.equal(chip['background-color'], highlight['background-color'], category);
      assert.equal(chip.color, highlight.color, category);
      // The chip's decoration is the highlight's without its colour (the text colour draws it).
      assert.ok(highlight['text-decoration'].startsWith(chip['text-decoration']), category);
    }
  });

  it('styles every summary with the one summary.css, never a copy', async () => {
    for (const [page, href] of SUMMARY_PAGES) {
      const html = await readFile(path.join(ROOT, page), 'utf8');
      assert.ok(html.includes(`<link rel="stylesheet" href="${href}">`), `${page} links ${href}`);
    }
    const summarySelectors = Object.keys(summaryRules);
    for (const file of FRAME_STYLESHEETS) {
      const own = Object.keys(parseRules(await readFile(path.join(ROOT, file), 'utf8')));
      assert.deepEqual(own.filter((selector) => summarySelectors.includes(selector)), [], `${file} repeats summary.css`);
      assert.equal(own.some((selector) => selector.includes('.chip')), false, `${file} styles the chips`);
    }
  });
});
