// Sourcelight popup: asks the service worker to annotate the active tab and shows the outcome.
//
// Opening the popup is the user's gesture (toolbar button or Alt+Shift+S) that grants activeTab,
// so annotation starts as soon as the popup loads. The popup is never blank: it shows
// "Annotating…", then the counts, "No article found on this page", or an error.
// Page-derived strings are written with textContent only, never as HTML.

import { ANNOTATE_TAB, Failure, REPORT_LISTS, Status } from './protocol.js';

const statusLine = document.getElementById('status');
const summary = document.getElementById('summary');
const retryButton = document.getElementById('retry');

/** The popup string `key` in the browser's language, `substitution` filling its placeholder. */
function message(key, substitution) {
  return chrome.i18n.getMessage(key, substitution);
}

/** Fills every `data-i18n` element with its localised string. */
function localise() {
  document.documentElement.lang = chrome.i18n.getUILanguage();
  for (const element of document.querySelectorAll('[data-i18n]')) {
    element.textContent = message(element.dataset.i18n);
  }
}

/** Shows one state: `state` styles the status line (`annotating`, `done`, `no-article`, `error`). */
function showStatus(state, text) {
  statusLine.dataset.state = state;
  statusLine.textContent = text;
}

/** The user-facing sentence for a failed outcome. */
function failureText(outcome) {
  switch (outcome.error) {
    case Failure.CANNOT_ACCESS:
      return message('errorCannotAccess');
    case Failure.NO_HIGHLIGHT_API:
      return message('errorNoHighlightApi');
    default:
      return message('errorGeneric', String(outcome.detail ?? outcome.error));
  }
}

/** Builds the summary's rows (swatch, label, count), one per report list. */
function buildSummary() {
  for (const { field, label } of REPORT_LISTS) {
    const row = document.createElement('li');
    row.className = 'row';
    row.dataset.field = field;
    const swatch = row.appendChild(document.createElement('span'));
    swatch.className = 'swatch';
    swatch.setAttribute('aria-hidden', 'true');
    const name = row.appendChild(document.createElement('span'));
    name.className = 'label';
    name.textContent = message(label);
    row.appendChild(document.createElement('span')).className = 'count';
    summary.appendChild(row);
  }
}

/** Writes the number of items per report list into the summary rows. */
function showCounts(report) {
  for (const row of summary.querySelectorAll('[data-field]')) {
    const items = report[row.dataset.field];
    row.querySelector('.count').textContent = String(Array.isArray(items) ? items.length : 0);
  }
  summary.hidden = false;
}

/** Renders the service worker's answer (see protocol.js). */
function render(outcome) {
  if (outcome?.status === Status.DONE) {
    showCounts(outcome.report);
    showStatus('done', message('stateDone'));
  } else if (outcome?.status === Status.NO_ARTICLE) {
    showStatus('no-article', message('stateNoArticle'));
  } else {
    showStatus('error', failureText(outcome ?? { error: Failure.FAILED, detail: 'no answer' }));
  }
}

/** Annotates the active tab of this popup's window and renders the outcome. */
async function annotateActiveTab() {
  retryButton.disabled = true;
  summary.hidden = true;
  showStatus('annotating', message('stateAnnotating'));
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    if (tab?.id === undefined) {
      render({ status: Status.ERROR, error: Failure.CANNOT_ACCESS });
    } else {
      render(await chrome.runtime.sendMessage({ type: ANNOTATE_TAB, tabId: tab.id }));
    }
  } catch (error) {
    render({ status: Status.ERROR, error: Failure.FAILED, detail: error?.message ?? error });
  } finally {
    retryButton.disabled = false;
  }
}

localise();
buildSummary();
retryButton.addEventListener('click', annotateActiveTab);
annotateActiveTab();
