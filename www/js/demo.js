// Live demo: annotates the reference article shown in the frame (this site's own page, left
// untouched) and fills the panel with its summary.

import { STEP_TEXT, annotateFrame, describeReport } from './annotate.js';
import { setStatus } from './site.js';
import { disableLinks, showSummary } from './viewer.js';

const frame = document.getElementById('page');
const status = document.getElementById('status');

const showStatus = (state, text) => setStatus(status, state, text);

/** Resolves once the article in the frame has loaded (it may already have). */
function articleLoaded() {
  const doc = frame.contentDocument;
  if (doc !== null && doc.URL !== 'about:blank' && doc.readyState === 'complete') {
    return Promise.resolve();
  }
  return new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }));
}

/** Annotates the article once it has loaded, then shows the summary. */
async function main() {
  try {
    await articleLoaded();
    const result = await annotateFrame(frame.contentWindow, (step) => showStatus('working', STEP_TEXT[step]));
    disableLinks(frame.contentWindow);
    showSummary(document.getElementById('summary'), result);
    showStatus('done', `${describeReport(result.report)}. Hover a highlight, or pick an item below to find it in the article.`);
    document.body.dataset.annotated = 'true';
  } catch (error) {
    showStatus('error', `Could not annotate the article: ${error.message}`);
  }
}

main();
