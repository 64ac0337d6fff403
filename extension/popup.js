// Sourcelight popup: asks the service worker to annotate the active tab and shows the outcome.
//
// The user's gesture (toolbar button or Alt+Shift+S) grants activeTab and starts the annotation:
// in Chromium the service worker starts it on the click and then opens this popup, in Firefox
// the popup's first request does (popup-request.js, before this module and the summary code are
// loaded); either way the service worker answers at once with the page's last annotation when
// it still holds. The popup is never blank: it shows
// "Annotating…", then the summary, "No article found on this page", or an error.
// Page-derived strings are written with textContent only (summary.js), never as HTML.

import { firstAnnotation, requestAnnotation } from './popup-request.js';
import { CLEAR, Failure, HIDDEN_KEY, REVEAL, SET_HIDDEN, Status } from './protocol.js';
import { renderSummary, summaryMarkdown } from './summary.js';

const statusLine = document.getElementById('status');
const summary = document.getElementById('summary');
const partialNote = document.getElementById('partial');
const retryButton = document.getElementById('retry');
const copyButton = document.getElementById('copy');
const exportButton = document.getElementById('export');
const clearButton = document.getElementById('clear');

/** The buttons that act on a report, enabled only while one is shown. */
const reportActions = [copyButton, exportButton, clearButton];

/** The active tab (`{ id, title, url }`) and the report shown for it. */
let activeTab = null;
let shownReport = null;

/** The popup string `key` in the browser's language, `substitutions` filling its placeholders. */
function message(key, substitutions) {
  return chrome.i18n.getMessage(key, substitutions);
}

/** Fills every `data-i18n` element with its localised string. */
function localise() {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = message(element.dataset.i18n);
  }
}

/** Shows one state: `state` styles the status line (`annotating`, `done`, `no-article`, `error`, `cleared`). */
function showStatus(state, text) {
  statusLine.dataset.state = state;
  statusLine.textContent = text;
}

/** The user-facing sentence for a failed outcome. */
function failureText(outcome) {
  if (outcome.error === Failure.CANNOT_ACCESS) {
    return message('errorCannotAccess');
  }
  if (outcome.error === Failure.ENGINE) {
    return message('errorEngine');
  }
  return message('errorGeneric', String(outcome.detail ?? outcome.error));
}

/** Sends a command about the active tab to the service worker. */
function commandTab(command) {
  return chrome.runtime.sendMessage({ ...command, tabId: activeTab.id });
}

/** Switches a category on or off on the page and remembers the choice. */
async function toggleCategory(category, shown) {
  const hidden = new Set(await hiddenCategories());
  if (shown) {
    hidden.delete(category);
  } else {
    hidden.add(category);
  }
  await chrome.storage.sync.set({ [HIDDEN_KEY]: Array.from(hidden) });
  await commandTab({ type: SET_HIDDEN, hidden: Array.from(hidden) });
}

/** The categories the user switched off, from storage. */
async function hiddenCategories() {
  const stored = await chrome.storage.sync.get(HIDDEN_KEY);
  return Array.isArray(stored[HIDDEN_KEY]) ? stored[HIDDEN_KEY] : [];
}

/**
 * Renders the service worker's answer (see protocol.js); `hidden`, when given, resolves to the
 * categories switched off (read from storage otherwise).
 */
async function render(outcome, hidden) {
  shownReport = null;
  summary.hidden = true;
  partialNote.hidden = outcome?.report?.truncated !== true;
  if (outcome?.status === Status.DONE) {
    renderSummary(summary, outcome.report, {
      message,
      hidden: await (hidden ?? hiddenCategories()),
      onToggle: toggleCategory,
      onReveal: (category, item) => commandTab({ type: REVEAL, category, item }),
      revealable: outcome.revealable,
    });
    shownReport = outcome.report;
    summary.hidden = false;
    showStatus('done', message('stateDone'));
  } else if (outcome?.status === Status.NO_ARTICLE) {
    showStatus('no-article', message('stateNoArticle'));
  } else {
    showStatus('error', failureText(outcome ?? { error: Failure.FAILED, detail: 'no answer' }));
  }
  for (const button of reportActions) {
    button.disabled = shownReport === null;
  }
}

/**
 * Renders the annotation `requested` resolves to (see popup-request.js). The User Timing marks
 * `sourcelight-request` and `sourcelight-outcome-shown` (milliseconds since the popup opened)
 * say how long it took; bench/browser-e2e.mjs reads them.
 */
async function showAnnotation(requested) {
  retryButton.disabled = true;
  showStatus('annotating', message('stateAnnotating'));
  try {
    // Read while the tab is annotated, not after.
    const hidden = hiddenCategories();
    const { tab, outcome } = await requested;
    activeTab = tab;
    if (activeTab?.id === undefined) {
      await render({ status: Status.ERROR, error: Failure.CANNOT_ACCESS });
    } else {
      await render(outcome, hidden);
      performance.mark('sourcelight-outcome-shown');
    }
  } catch (error) {
    await render({ status: Status.ERROR, error: Failure.FAILED, detail: error?.message ?? error });
  } finally {
    retryButton.disabled = false;
  }
}

/** Copies the summary as Markdown. */
async function copySummary() {
  const markdown = summaryMarkdown(shownReport, message, { title: activeTab?.title, url: activeTab?.url });
  try {
    await navigator.clipboard.writeText(markdown);
    showStatus('done', message('stateCopied'));
  } catch (error) {
    showStatus('error', message('errorGeneric', String(error?.message ?? error)));
  }
}

/** Downloads the report as JSON, from a blob URL made here: nothing goes over the network. */
function exportReport() {
  const blob = new Blob([`${JSON.stringify(shownReport, null, 2)}\n`], { type: 'application/json' });
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = 'sourcelight-report.json';
  link.click();
  // The download has its own reference to the blob by the next task.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Removes the page's highlights and says so. */
async function clearHighlights() {
  await commandTab({ type: CLEAR });
  summary.hidden = true;
  partialNote.hidden = true;
  shownReport = null;
  for (const button of reportActions) {
    button.disabled = true;
  }
  showStatus('cleared', message('stateCleared'));
  retryButton.focus();
}

// The annotation was requested as the popup started (popup-request.js).
showAnnotation(firstAnnotation);
localise();
retryButton.addEventListener('click', () => showAnnotation(requestAnnotation(true)));
copyButton.addEventListener('click', copySummary);
exportButton.addEventListener('click', exportReport);
clearButton.addEventListener('click', clearHighlights);
