// Sourcelight service worker: the only place the wasm engine runs.
//
// Flow, started by the popup (the user clicked the toolbar button, which grants activeTab):
// 1. inject content.js into the tab (it guards its own re-injection);
// 2. ask it for a flat snapshot of the DOM, walked by the rules `snapshotSpec()` gives (the lists
//    live in Rust, once);
// 3. run `annotateSnapshot` here: Chromium refuses wasm in content scripts on pages whose CSP
//    lacks 'wasm-unsafe-eval', so analysis never runs in the page;
// 4. insert the `::highlight()` styles with `insertCSS` (no <style> element: the page's DOM stays
//    untouched) and have the content script paint the ranges with CSS.highlights;
// 5. answer the popup with the report.

import init, { annotateSnapshot, snapshotSpec } from './pkg/sourcelight.js';
import { ANNOTATE_TAB, Failure, REPORT_LISTS, Status } from './protocol.js';

/** The stylesheet with the `::highlight(sourcelight-*)` rules. */
const HIGHLIGHT_CSS = 'highlights.css';

/** A failure that carries one of the `Failure` codes for the popup. */
class AnnotationError extends Error {
  constructor(failure, detail) {
    super(detail);
    this.failure = failure;
  }
}

/**
 * The wasm instance, initialised on first use. A module service worker may not use top-level
 * await, and the worker can be stopped and restarted at any time, so this is lazy.
 */
let engineReady = null;

function loadEngine() {
  if (engineReady === null) {
    engineReady = init().catch((error) => {
      // Let the next click retry instead of remembering the failure forever.
      engineReady = null;
      throw error;
    });
  }
  return engineReady;
}

/**
 * Runs `func(...args)` in the content script's isolated world of the tab's top frame and returns
 * its result. `func` is serialised, so it may only use its arguments and the page's globals.
 */
async function runInTab(tabId, func, args) {
  const [injection] = await chrome.scripting.executeScript({ target: { tabId }, func, args });
  return injection?.result;
}

/** Turns an error value returned by the content script into an exception. */
function checkContentResult(result) {
  if (result === undefined || result === null) {
    throw new AnnotationError(Failure.FAILED, 'the page did not answer');
  }
  if (result.error === Failure.NO_HIGHLIGHT_API) {
    throw new AnnotationError(Failure.NO_HIGHLIGHT_API, result.error);
  }
  if (result.error !== undefined) {
    throw new AnnotationError(Failure.FAILED, result.error);
  }
  return result;
}

/**
 * Whether the engine found nothing at all. The finder returns an empty report when the page has
 * no article text, and a news article without a single quote, official or credit is rare enough
 * that "no article" is the better thing to tell the user.
 */
function isEmptyReport(report) {
  return report === null || report === undefined || REPORT_LISTS.every(({ field }) => !report[field]?.length);
}

/** Annotates the tab and returns the outcome for the popup (see protocol.js). */
async function annotateTab(tabId) {
  const target = { tabId };
  try {
    await chrome.scripting.executeScript({ target, files: ['content.js'] });
  } catch (error) {
    // Injection fails only when the browser denies access to the tab.
    throw new AnnotationError(Failure.CANNOT_ACCESS, String(error?.message ?? error));
  }
  await loadEngine();
  const taken = checkContentResult(
    await runInTab(tabId, (spec) => globalThis.sourcelightContent.snapshot(spec), [snapshotSpec()]),
  );
  const { report, ranges } = annotateSnapshot(taken.snapshot);
  // Painted even when empty, so that an earlier click's highlights never outlive the page's text.
  // Removing first keeps a second click from stacking a second copy of the same stylesheet.
  await chrome.scripting.removeCSS({ target, files: [HIGHLIGHT_CSS] });
  await chrome.scripting.insertCSS({ target, files: [HIGHLIGHT_CSS] });
  const { painted } = checkContentResult(
    await runInTab(
      tabId,
      (generation, paintRanges) => globalThis.sourcelightContent.paint(generation, paintRanges),
      [taken.generation, ranges],
    ),
  );
  return isEmptyReport(report) ? { status: Status.NO_ARTICLE } : { status: Status.DONE, report, painted };
}

/** The outcome for an exception, never rejecting: the popup must always get an answer. */
function failureOutcome(error) {
  const failure = error instanceof AnnotationError ? error.failure : Failure.FAILED;
  return { status: Status.ERROR, error: failure, detail: String(error?.message ?? error) };
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // Only our own extension pages may ask: the content script never sends messages, and a page
  // must not be able to make us inject into another tab.
  const fromOwnPage = sender.id === chrome.runtime.id && sender.url?.startsWith(chrome.runtime.getURL(''));
  if (!fromOwnPage || message?.type !== ANNOTATE_TAB) {
    return false;
  }
  annotateTab(message.tabId).catch(failureOutcome).then(sendResponse);
  // Keeps the channel open for the asynchronous answer.
  return true;
});
