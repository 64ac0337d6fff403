// The messages between the popup, the service worker and the content script, named once.

/**
 * Popup -> service worker: `{ type: ANNOTATE_TAB, tabId, force, sentAt }`; answered with an
 * `Outcome`. Without `force`, the page's last annotation is reused when its article has not
 * changed since. `sentAt` is `clockNow()` when the popup sent it (for `TIMINGS`). In Chromium the
 * toolbar click has already started the annotation (background.js's `onClicked`): the answer is
 * that annotation's outcome, unless `force` is set.
 */
export const ANNOTATE_TAB = 'sourcelight/annotate-tab';

/**
 * Content script -> service worker, when the article it follows changed:
 * `{ type: PAGE_CHANGED, generation, snapshotJson }` (the snapshot's JSON text); answered with
 * `{ generation, ranges, options: { labels, hidden }, outcome }` (or `{ error }`).
 */
export const PAGE_CHANGED = 'sourcelight/page-changed';

/**
 * Service worker -> content script (a tab message): `{ type: PAINT, generation, rangesJson,
 * hidden, scope }`, the ranges as their JSON text (one string is copied faster than the objects)
 * and the scope of the highlight styles the worker inserts meanwhile (scope.js; null for none);
 * answered with `{ painted, paint, receivedAt, paintedAt, styles }` (see content.js's
 * `listenForPaint`, which spells the type out: a classic script cannot import this module;
 * `styles` the scope to insert the highlight styles for, when they are missing) or `{ error }`.
 */
export const PAINT = 'sourcelight/paint';

/**
 * Content script -> service worker, when the painted ranges lie outside the highlight styles in
 * the page (the page moved their element or re-rendered elsewhere): `{ type: STYLE, scope }`,
 * insert the highlight styles for `scope` (scope.js; content.js asks for `:root` and spells the
 * type out); answered with `{ styled: true }` or `{ error }`.
 */
export const STYLE = 'sourcelight/style';

/** Popup -> service worker: `{ type: SET_HIDDEN, tabId, hidden: [category, …] }`. */
export const SET_HIDDEN = 'sourcelight/set-hidden';

/** Popup -> service worker: `{ type: REVEAL, tabId, category, item }`: scroll to it, flash it. */
export const REVEAL = 'sourcelight/reveal';

/** Popup -> service worker: `{ type: CLEAR, tabId }`: remove the highlights, stop following. */
export const CLEAR = 'sourcelight/clear';

/**
 * Extension page -> service worker: `{ type: TIMINGS }`; answered with where the time of the
 * last `ANNOTATE_TAB` went, in milliseconds (bench/browser-e2e.mjs reads it; nothing is sent
 * anywhere): `{ annotation, engine }`, `engine` `{ workerStartedAt, loadStartedAt, instantiate,
 * buildTables, warmUp }` (when this worker started and when its script began loading the engine,
 * as `clockNow()`; then the durations of the wasm's start-up, of the word tables built right
 * after it and of the warm-up analysis after them, null until done or when skipped) and
 * `annotation` null before the first annotation, else
 * `{ path, nodes, stages, total, actionToPainted, paintedAt }`:
 * - `path`: `reused` (the page's last annotation still held) or `full`;
 * - `nodes`: the snapshot's node count (full path only);
 * - `stages`: `request` (the action reaching the worker), `engine` (waiting for the wasm),
 *   `toPage` (from the snapshot call to the walk's start in the page: the trip there and the
 *   injected script's evaluation), `toScript` (the part of `toPage` until the injected function
 *   starts, before content.js sets itself up), `snapshot` (the DOM walk, in the page),
 *   `serialise` (its JSON text, in the page), `snapshotTransfer` (the call's trip to the page
 *   and the snapshot's back, `toPage` included), `snapshotBack` (the part of `snapshotTransfer`
 *   from the injected function's return to its answer in the worker), `analysis`
 *   (`annotateSnapshot`), `paint` (in the page), `paintTransfer` (the ranges' trip to the page
 *   and back), `paintToPage` (their way there only, which delays the highlights), `styles`
 *   (after the paint's answer, waiting for the highlight styles the worker began inserting with
 *   it, and inserting those on the root when the answer asked for them); handing the page what
 *   it needs to follow it happens after the answer, outside these;
 * - `total`: from the worker receiving the request to the paint's answer;
 * - `actionToPainted`: from the action (the click's `onClicked` in Chromium, the popup's request
 *   in Firefox) to the highlights being registered;
 * - `paintedAt`: when they were registered, as `clockNow()` in the page (full path only).
 * Durations across contexts use `clockNow()` in each (the clocks agree to a fraction of a ms).
 */
export const TIMINGS = 'sourcelight/timings';

/**
 * Milliseconds since the Unix epoch with sub-millisecond precision, comparable between the
 * popup, the service worker and a page (`Date.now()` has whole milliseconds only).
 */
export function clockNow() {
  return performance.timeOrigin + performance.now();
}

/** chrome.storage.sync key: the categories the user switched off (array of category names). */
export const HIDDEN_KEY = 'hiddenCategories';

/**
 * What an annotation ended in, the `status` of the answer to `ANNOTATE_TAB`:
 * - `DONE`: `{ status, report, painted, revealable }`, `report` as in src/report.rs, `painted`
 *   the number of ranges painted per category, `revealable` the items with a range per category;
 * - `NO_ARTICLE`: `{ status }`, the engine found no article text on the page;
 * - `ERROR`: `{ status, error, detail }`, `error` one of `Failure`.
 */
export const Status = Object.freeze({
  DONE: 'done',
  NO_ARTICLE: 'no-article',
  ERROR: 'error',
});

/** Why an annotation failed, so the popup can say it in the user's language. */
export const Failure = Object.freeze({
  /** The browser refused to inject into the tab (browser pages, extension stores, no grant). */
  CANNOT_ACCESS: 'cannot-access',
  /**
   * The engine trapped (a panic in the wasm); it is instantiated afresh for the next try, and
   * nothing was painted.
   */
  ENGINE: 'engine',
  /** Anything else; `detail` says what. */
  FAILED: 'failed',
});
