// What the two browser benchmarks (browser-e2e.mjs, browser-floor.mjs) share: their options, the
// pages they load and how, and how their measurements become tables (medians over repetitions,
// then the median and max over pages).

import { readdirSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ROOT } from '../tests/browser/support.mjs';

/** The fixtures directory, served at the site's root. */
export const FIXTURES = path.join(ROOT, 'tests', 'fixtures');

/**
 * The command line's options: `--smoke`, `--reps N`, `--pages a,b`, `--settle MS` and the
 * bench's own `extra` ones (`parseArgs` declarations). Resolves the shared ones to `smoke`,
 * `reps` (1 in a smoke run, else 3 unless given), `pageNames` (undefined: all) and `settle`
 * (milliseconds, 0 unless given); the bench's own are in `options`.
 */
export function benchOptions(extra = {}) {
  const { values: options } = parseArgs({
    options: {
      smoke: { type: 'boolean' },
      reps: { type: 'string' },
      pages: { type: 'string' },
      settle: { type: 'string' },
      ...extra,
    },
  });
  const smoke = options.smoke === true;
  return {
    options,
    smoke,
    reps: smoke ? 1 : Number(options.reps ?? 3),
    pageNames: options.pages?.split(','),
    settle: Number(options.settle ?? 0),
  };
}

/**
 * Loads `url` afresh in `page` and waits `settle` milliseconds after its load event: right after
 * it, the page and the browser are still busy with the load (first layouts and paints), and
 * every trip to the page waits for that work; a reader who has started reading clicks later.
 */
export async function loadPage(page, url, settle) {
  await page.goto(url, { waitUntil: 'load', timeout: 120_000 });
  if (settle > 0) {
    await new Promise((resolve) => setTimeout(resolve, settle));
  }
}

/**
 * The pages to run, `{ name, path }`: the fixture pages in name order, the reference article
 * (`seed`) and `extra` ones; or the ones in `names`, in that order.
 */
export function choosePages(names, extra = []) {
  const fixtures = readdirSync(path.join(FIXTURES, 'pages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  const all = [
    ...fixtures.map((name) => ({ name, path: `/pages/${name}/source.html` })),
    { name: 'seed', path: '/seed-article/source.html' },
    ...extra,
  ];
  if (names === undefined) {
    return all;
  }
  return names.map((name) => {
    const page = all.find((candidate) => candidate.name === name);
    if (page === undefined) {
      throw new Error(`unknown page ${name}`);
    }
    return page;
  });
}

/** The median of the numbers among `values`; undefined when there are none. */
export function median(values) {
  const sorted = values.filter((value) => typeof value === 'number').sort((a, b) => a - b);
  if (sorted.length === 0) {
    return undefined;
  }
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** The largest of the numbers among `values`; undefined when there are none. */
export function max(values) {
  const numbers = values.filter((value) => typeof value === 'number');
  return numbers.length === 0 ? undefined : Math.max(...numbers);
}

/** `value` (milliseconds) as a table cell `width` wide; a dash when there is none. */
export function cell(value, width) {
  const text = value === undefined ? '–' : value >= 100 ? value.toFixed(0) : value.toFixed(1);
  return text.padStart(width);
}

/** The "median" and "max" rows over `rows` (`{ name, values }`, one value per column). */
export function summaryRows(columnCount, rows) {
  const column = (i) => rows.map(({ values }) => values[i]);
  return [
    { name: 'median', values: Array.from({ length: columnCount }, (_, i) => median(column(i))) },
    { name: 'max', values: Array.from({ length: columnCount }, (_, i) => max(column(i))) },
  ];
}

/** Prints `rows` (`{ name, values }`) under the headings of `columns` (`[heading, …]` pairs). */
export function printTable(columns, rows) {
  const nameWidth = Math.max(12, ...rows.map(({ name }) => name.length));
  const widths = columns.map(([heading]) => Math.max(7, heading.length));
  console.log([''.padEnd(nameWidth), ...columns.map(([heading], i) => heading.padStart(widths[i]))].join(' '));
  for (const { name, values } of rows) {
    console.log([name.padEnd(nameWidth), ...values.map((value, i) => cell(value, widths[i]))].join(' '));
  }
}
