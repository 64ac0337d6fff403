// The messages between the popup and the service worker, named once for both sides.

/** Popup -> service worker: `{ type: ANNOTATE_TAB, tabId }`; answered with an `Outcome`. */
export const ANNOTATE_TAB = 'sourcelight/annotate-tab';

/**
 * What an annotation ended in, the `status` of the answer to `ANNOTATE_TAB`:
 * - `DONE`: `{ status, report, painted }`, `report` as in src/report.rs, `painted` the number of
 *   ranges painted per category;
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
  /** The browser lacks the CSS Custom Highlight API. */
  NO_HIGHLIGHT_API: 'no-highlight-api',
  /** Anything else; `detail` says what. */
  FAILED: 'failed',
});

/**
 * The report's lists that the popup counts and the page shows, in display order, each with the
 * message key of its label (field names as in src/report.rs).
 */
export const REPORT_LISTS = Object.freeze([
  { field: 'quotes', label: 'categoryQuotes' },
  { field: 'speakers', label: 'categorySpeakers' },
  { field: 'officials', label: 'categoryOfficials' },
  { field: 'image_credits', label: 'categoryCredits' },
]);
