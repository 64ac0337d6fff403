// Sourcelight service worker: the only place the wasm engine runs.
//
// Flow, started by the popup (the user clicked the toolbar button, which grants activeTab):
// 1. inject content.js into the tab (it guards its own re-injection); if the page's last
//    annotation still holds (the content script follows the page), answer with it at once;
// 2. ask it for a flat snapshot of the DOM, walked by the rules `snapshotSpec()` gives (the lists
//    live in Rust, once);
// 3. run `annotateSnapshot` here: Chromium refuses wasm in content scripts on pages whose CSP
//    lacks 'wasm-unsafe-eval', so analysis never runs in the page;
// 4. insert the `::highlight()` styles with `insertCSS` (no <style> element: the page's DOM stays
//    untouched) and have the content script paint the ranges with CSS.highlights and follow the
//    page: when its article re-renders, the content script sends a new snapshot (PAGE_CHANGED)
//    and paints the answer, without another executeScript;
// 5. answer the popup with the report.

import init, { annotateSnapshot, snapshotSpec } from './pkg/sourcelight.js';
import { ANNOTATE_TAB, CLEAR, Failure, HIDDEN_KEY, PAGE_CHANGED, REVEAL, SET_HIDDEN, Status } from './protocol.js';
import { itemLabels } from './summary.js';

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
async function runInTab(tabId, func, args = []) {
  const [injection] = await chrome.scripting.executeScript({ target: { tabId }, func, args });
  return injection?.result;
}

/** Turns an error value returned by the content script into an exception. */
function checkContentResult(result) {
  if (result === undefined || result === null) {
    throw new AnnotationError(Failure.FAILED, 'the page did not answer');
  }
  if (result.error !== undefined) {
    throw new AnnotationError(Failure.FAILED, result.error);
  }
  return result;
}

/** The categories the user switched off in the popup. */
async function hiddenCategories() {
  const stored = await chrome.storage.sync.get(HIDDEN_KEY);
  return Array.isArray(stored[HIDDEN_KEY]) ? stored[HIDDEN_KEY] : [];
}

/** The items of each category that have at least one range, so the popup can offer to show them. */
function revealableItems(ranges) {
  const revealable = {};
  for (const { category, item } of ranges) {
    const items = (revealable[category] ??= []);
    if (items.at(-1) !== item) {
      items.push(item);
    }
  }
  return revealable;
}

/**
 * Analyses a snapshot: what the content script paints (`ranges`, `options`) and what the popup
 * shows (`outcome`, its `painted` counts filled in once painted).
 */
async function analyseSnapshot(snapshot) {
  await loadEngine();
  const { article_found: articleFound, report, ranges } = annotateSnapshot(snapshot);
  const options = { labels: itemLabels(report, (key, substitutions) => chrome.i18n.getMessage(key, substitutions)), hidden: await hiddenCategories() };
  const outcome = articleFound
    ? { status: Status.DONE, report, revealable: revealableItems(ranges) }
    : { status: Status.NO_ARTICLE };
  return { ranges, options, outcome };
}

/** Annotates the tab and returns the outcome for the popup (see protocol.js). */
async function annotateTab(tabId, force) {
  const target = { tabId };
  try {
    await chrome.scripting.executeScript({ target, files: ['content.js'] });
  } catch (error) {
    // Injection fails only when the browser denies access to the tab.
    throw new AnnotationError(Failure.CANNOT_ACCESS, String(error?.message ?? error));
  }
  if (!force) {
    const { outcome } = checkContentResult(await runInTab(tabId, () => globalThis.sourcelightContent.current()));
    if (outcome !== null) {
      return outcome;
    }
  }
  await loadEngine();
  const spec = snapshotSpec();
  const taken = checkContentResult(
    await runInTab(tabId, (walkSpec) => globalThis.sourcelightContent.snapshot(walkSpec), [spec]),
  );
  const { ranges, options, outcome } = await analyseSnapshot(taken.snapshot);
  // Painted even when empty, so that an earlier click's highlights never outlive the page's text.
  // Removing first keeps a second click from stacking a second copy of the same stylesheet.
  await chrome.scripting.removeCSS({ target, files: [HIGHLIGHT_CSS] });
  await chrome.scripting.insertCSS({ target, files: [HIGHLIGHT_CSS] });
  const { painted } = checkContentResult(
    await runInTab(
      tabId,
      (generation, paintRanges, paintOptions, followOptions) => {
        const content = globalThis.sourcelightContent;
        const result = content.paint(generation, paintRanges, paintOptions);
        if (result.painted !== undefined) {
          content.follow({ ...followOptions, outcome: { ...followOptions.outcome, painted: result.painted } });
        }
        return result;
      },
      [taken.generation, ranges, options, { spec, messageType: PAGE_CHANGED, outcome }],
    ),
  );
  return { ...outcome, painted };
}

/** Answers a content script whose page changed: the new ranges and outcome for its snapshot. */
async function reannotate(message) {
  const { ranges, options, outcome } = await analyseSnapshot(message.snapshot);
  return { generation: message.generation, ranges, options, outcome };
}

/** Runs one of the popup's commands in the tab's content script. */
async function commandTab(message) {
  const { tabId } = message;
  switch (message.type) {
    case SET_HIDDEN:
      return runInTab(tabId, (hidden) => globalThis.sourcelightContent?.setHidden(hidden), [message.hidden]);
    case REVEAL:
      return runInTab(
        tabId,
        (category, item) => globalThis.sourcelightContent?.reveal(category, item),
        [message.category, message.item],
      );
    default: {
      const result = await runInTab(tabId, () => globalThis.sourcelightContent?.clear());
      await chrome.scripting.removeCSS({ target: { tabId }, files: [HIGHLIGHT_CSS] });
      return result;
    }
  }
}

/** The outcome for an exception, never rejecting: the popup must always get an answer. */
function failureOutcome(error) {
  const failure = error instanceof AnnotationError ? error.failure : Failure.FAILED;
  return { status: Status.ERROR, error: failure, detail: String(error?.message ?? error) };
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) {
    return false;
  }
  // A content script only ever speaks for its own tab's top frame; it is never handed a tab id.
  if (message?.type === PAGE_CHANGED && sender.tab?.id !== undefined && sender.frameId === 0) {
    reannotate(message)
      .catch((error) => ({ error: String(error?.message ?? error) }))
      .then(sendResponse);
    return true;
  }
  // Everything else comes from our own pages (the popup): a page must not be able to make us
  // inject into another tab.
  if (!sender.url?.startsWith(chrome.runtime.getURL(''))) {
    return false;
  }
  if (message?.type === ANNOTATE_TAB) {
    annotateTab(message.tabId, message.force === true).catch(failureOutcome).then(sendResponse);
    return true;
  }
  if ([SET_HIDDEN, REVEAL, CLEAR].includes(message?.type)) {
    commandTab(message)
      .catch((error) => ({ error: String(error?.message ?? error) }))
      .then(sendResponse);
    return true;
  }
  return false;
});
